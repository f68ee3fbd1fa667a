// The side panel as a reviewer uses it: filter menus that show their whole choice, a person filter
// that knows everyone who wrote (not only who highlighted), "Mine", "Open" and "For me" (threads
// mentioning the reader), and the count of open threads in the header.

import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { encodeIdentity } from '../../shared/protocol/identity.js';
import { describeInBrowser, launchBrowser, personContext, watchErrors } from '../support/browser.js';
import { focused } from '../support/focus.js';
import { createDocument, startTestServer } from '../support/test-server.js';
import { ana, ben, report } from '../support/sample-report.js';

const cleo = { id: 'u-cleo', name: 'Cleo', color: '#2f9e44' };

const entries = (page: Page) => page.locator('glossa-annotation-list li');

describeInBrowser('the side panel', async () => {
  const server = await startTestServer();
  const documentId = await createDocument(server.url, report, 'Sample report');
  const api = async (who: typeof ana, path: string, body: object) => {
    const res = await fetch(`${server.url}/api/documents/${documentId}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-glossa-identity': encodeIdentity(who) },
      body: JSON.stringify(body),
    });
    expect(res.ok).toBe(true);
  };
  const annotate = (who: typeof ana, id: string, phrase: string) =>
    api(who, '/annotations', { id, start: report.indexOf(phrase), end: report.indexOf(phrase) + phrase.length, labels: ['evidence'] });
  await annotate(ana, 'nsc', 'National Security Committee');
  await annotate(ben, 'andijan', 'Andijan');
  await annotate(ben, 'blasts', 'Tashkent bomb blasts');
  // Cleo only replies; her reply mentions Ana.
  await api(cleo, '/annotations/blasts/comments', { body: 'Over to you, @Ana: is this confirmed?' });
  await api(ben, '/commands', { type: 'annotation.resolve', annotationId: 'andijan' });

  const browser = await launchBrowser();
  const page = await (await personContext(browser, ana)).newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.url}/documents/${documentId}`);
  await entries(page).nth(2).waitFor();

  it('shows each filter menu’s whole choice, not a cut-off one', async () => {
    const cut = await page.evaluate(() => {
      const list = document.querySelector('glossa-annotator')!.shadowRoot!.querySelector('glossa-annotation-list')!;
      return [...list.shadowRoot!.querySelectorAll('select')].flatMap((select) => {
        const probe = document.createElement('span');
        probe.style.font = getComputedStyle(select).font;
        probe.style.whiteSpace = 'pre';
        probe.style.position = 'absolute';
        probe.textContent = select.selectedOptions[0]!.text;
        document.body.append(probe);
        const needed = probe.getBoundingClientRect().width;
        probe.remove();
        // Room for the text and the menu's arrow.
        return select.clientWidth >= needed + 20 ? [] : [`${select.getAttribute('aria-label')}: ${select.clientWidth} < ${needed + 20}`];
      });
    });
    expect(cut).toEqual([]);
  });

  it('counts open threads in the header', async () => {
    expect(await page.locator('glossa-annotator header .counts').innerText()).toBe('2 open threads · 1 resolved');
  });

  it('lists people who only replied in the person filter, and filters by them', async () => {
    const person = page.getByLabel('Filter by person');
    expect(await person.locator('option').allInnerTexts()).toEqual(['Anyone', 'Me (Ana)', 'Ben', 'Cleo']);
    await person.selectOption({ label: 'Cleo' });
    await expect.poll(() => entries(page).allInnerTexts()).toEqual([expect.stringContaining('Tashkent bomb blasts')]);
    await person.selectOption({ label: 'Anyone' });
    await expect.poll(() => entries(page).count()).toBe(3);
  });

  it('"Mine", "Open" and "For me" narrow the list and show when they are on', async () => {
    const toggle = (name: string) => page.getByRole('group', { name: 'Show only' }).getByRole('button', { name });
    await toggle('Mine').click();
    expect(await toggle('Mine').getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => entries(page).allInnerTexts()).toEqual([expect.stringContaining('National Security Committee')]);
    await toggle('Mine').click();
    await toggle('Open').click();
    await expect.poll(() => entries(page).count()).toBe(2);
    expect(await page.getByLabel('Filter by status').inputValue()).toBe('open');
    await toggle('Open').click();
    await toggle('For me').click();
    await expect.poll(() => entries(page).allInnerTexts()).toEqual([expect.stringContaining('Tashkent bomb blasts')]);
    await toggle('For me').click();
    await expect.poll(() => entries(page).count()).toBe(3);
  });

  it('completes "@" names while replying, and marks mentions in comments', async () => {
    await entries(page).filter({ hasText: 'Tashkent bomb blasts' }).click();
    const thread = page.locator('glossa-thread');
    // Cleo's mention of the reader is marked as theirs.
    await thread.locator('glossa-markdown mark.mention.me', { hasText: '@Ana' }).waitFor();
    await thread.locator('#reply').click();
    await page.keyboard.type('Yes, confirmed by @cl');
    const options = thread.getByRole('listbox', { name: 'People to mention' }).getByRole('option');
    expect(await options.allInnerTexts()).toEqual([expect.stringContaining('Cleo')]);
    await page.keyboard.press('Enter');
    await page.keyboard.type('in the press release.');
    expect(await thread.locator('#reply').inputValue()).toBe('Yes, confirmed by @Cleo in the press release.');
    await page.keyboard.press('Control+Enter');
    await thread.locator('glossa-markdown mark.mention', { hasText: '@Cleo' }).waitFor();
  });

  it('deleting a comment can be undone by the person who deleted it', async () => {
    const thread = page.locator('glossa-thread');
    const mine = thread.locator('li[data-comment]', { hasText: 'Yes, confirmed by' });
    await mine.getByRole('button', { name: 'Delete comment' }).click();
    await thread.getByText('Comment deleted').waitFor();
    await mine.waitFor({ state: 'detached' });
    // Focus stays in the thread rather than falling to the page.
    expect((await focused(page)).inside).toBe('glossa-thread');
    await page.locator('glossa-annotator').getByRole('status').getByRole('button', { name: 'Undo' }).click();
    await mine.waitFor();
    expect(await mine.locator('mark.mention').innerText()).toBe('@Cleo');
    expect(errors).toEqual([]);
  });
});
