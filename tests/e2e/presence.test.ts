// Presence as people see it: everyone present in a colour of their own, and losing the network,
// as a person on a train does: the others see them leave within a couple of
// seconds (not the 30 s presence timeout), they stop seeing the others, nothing is sent into a dead
// network while offline, and what they wrote goes out once, when they are back.

import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeInBrowser, launchBrowser, personContext, watchErrors } from '../support/browser.js';
import { startNetworkLink } from '../support/network-link.js';
import { createDocument, startTestServer } from '../support/test-server.js';
import { ana, ben, report } from '../support/sample-report.js';

const listed = (page: Page, name: string) => page.locator('glossa-presence-bar li', { hasText: name });

describeInBrowser('going offline and coming back', async () => {
  const server = await startTestServer();
  const documentId = await createDocument(server.url, report, 'Sample report');
  const phrase = 'Tashkent bomb blasts';
  const start = report.indexOf(phrase);
  await fetch(`${server.url}/api/documents/${documentId}/annotations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: 'blasts', start, end: start + phrase.length }),
  });
  const browser = await launchBrowser();
  const contextA = await personContext(browser, ana);
  const contextB = await personContext(browser, ben);
  const a = await contextA.newPage();
  const b = await contextB.newPage();
  const errors = [a, b].map(watchErrors);
  // Ben's traffic goes through a link that can be cut.
  const bensLink = await startNetworkLink(server.url);
  await a.goto(`${server.url}/documents/${documentId}`);
  await b.goto(`${bensLink.url}/documents/${documentId}`);
  await listed(a, 'Ben').waitFor();
  await listed(b, 'Ana').waitFor();

  const commandPosts: string[] = [];
  b.on('request', (request) => {
    if (request.method() === 'POST' && request.url().endsWith('/commands')) commandPosts.push(request.url());
  });

  it('shows two people who chose the same colour in different colours, the same on both screens', async () => {
    const cara = await (await personContext(browser, { id: 'u-cara', name: 'Cara', color: ana.color })).newPage();
    errors.push(watchErrors(cara));
    await cara.goto(`${server.url}/documents/${documentId}`);
    const colorOf = async (page: Page, name: string) => /--c: (#[0-9a-f]{6})/i.exec((await listed(page, name).getAttribute('style'))!)![1]!.toLowerCase();
    await listed(a, 'Cara').waitFor();
    // One of them keeps the colour they chose, the other is moved; both screens agree on who has which.
    const onAnas = [await colorOf(a, 'Ana'), await colorOf(a, 'Cara')];
    expect(onAnas[0]).not.toBe(onAnas[1]);
    expect(onAnas).toContain(ana.color);
    await expect.poll(async () => [await colorOf(cara, 'Ana'), await colorOf(cara, 'Cara')]).toEqual(onAnas);
    await cara.close();
    await listed(a, 'Cara').waitFor({ state: 'detached' });
  });

  it('each side stops listing the other soon after the connection is lost', async () => {
    // The network goes: nothing passes any more, and Ben's browser knows it is offline.
    bensLink.cut();
    await contextB.setOffline(true);
    // Well before the 30 s awareness timeout that used to be the only way to notice.
    await listed(a, 'Ben').waitFor({ state: 'detached' });
    await listed(b, 'Ana').waitFor({ state: 'detached' });
    await b.locator('glossa-presence-bar [data-state="offline"]').waitFor();
  });

  it('sends nothing into a dead network, then sends the reply once when back', async () => {
    await b.locator('glossa-annotation-list li', { hasText: phrase }).click();
    await b.locator('glossa-thread #reply').click();
    await b.keyboard.type('Written without a network.');
    await b.keyboard.press('Control+Enter');
    await b.locator('glossa-presence-bar', { hasText: '1 unsent' }).waitFor();
    // The browser says it is offline: no request was even tried.
    expect(commandPosts).toEqual([]);

    bensLink.restore();
    await contextB.setOffline(false);
    await b.locator('glossa-presence-bar', { hasText: 'All changes saved' }).waitFor();
    await listed(a, 'Ben').waitFor();
    await listed(b, 'Ana').waitFor();
    expect(commandPosts).toHaveLength(1);
    await a.locator('glossa-annotation-list li', { hasText: phrase }).click();
    await a.locator('glossa-thread glossa-markdown', { hasText: 'Written without a network.' }).waitFor();
    expect(errors.flat()).toEqual([]);
  });
});
