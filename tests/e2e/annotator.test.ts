// Two people annotate one report in two real Chromium profiles; a reviewer reloads; one goes
// offline and comes back; an intranet page embeds the annotator from another origin.

import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, expect, it } from 'vitest';
import { describeInBrowser, launchBrowser, personContext, screenshot, watchErrors } from '../support/browser.js';
import { dragSelect as selectPhrase, locatePhrase } from '../support/select-text.js';
import { createDocument, startTestServer } from '../support/test-server.js';
import { ana, ben, report } from '../support/sample-report.js';

const listEntry = (page: Page, quote: string) => page.locator('glossa-annotation-list li', { hasText: quote });
const thread = (page: Page) => page.locator('glossa-thread');

describeInBrowser('the annotator in Chromium', async () => {
  const server = await startTestServer();
  const documentId = await createDocument(server.url, report, 'Sample report');
  const browser = await launchBrowser();
  const docUrl = `${server.url}/documents/${documentId}`;

  const contextA = await personContext(browser);
  const contextB = await personContext(browser, ben);
  const a = await contextA.newPage();
  const b = await contextB.newPage();
  const errorsA = watchErrors(a);
  const errorsB = watchErrors(b);
  const phrase = 'National Security Committee (NSC)';

  it('opens the report for both people, reading first (a name is asked for only on the first write)', async () => {
    await a.goto(docUrl);
    await b.goto(docUrl);
    for (const page of [a, b]) {
      await page.locator('glossa-text-view .text', { hasText: 'In its excessive zeal' }).waitFor();
      await page.locator('glossa-presence-bar [data-state="connected"]').waitFor();
    }
    await screenshot(a, '01-opened');
  });

  it('A highlights a passage with a label and a comment; B sees it at once', async () => {
    await selectPhrase(a, phrase);
    const popover = a.locator('glossa-annotate-popover');
    await popover.waitFor();
    // While A's selection is live, B sees it drawn (a highlight of A's client, covering the phrase).
    await expect
      .poll(() =>
        b.evaluate(() => {
          for (const [name, highlight] of CSS.highlights) {
            if (name.includes('-peer-')) for (const range of highlight) return range instanceof Range ? range.toString() : '';
          }
          return null;
        }),
      )
      .not.toBeNull();
    const peerStyle = await b.evaluate(() =>
      [...document.querySelector('glossa-annotator')!.shadowRoot!.querySelector('glossa-text-view')!.shadowRoot!.adoptedStyleSheets.at(-1)!.cssRules]
        .map((r) => r.cssText)
        .find((t) => t.includes('-peer-')),
    );
    // A has no name yet (a guest while reading); the selection is drawn in the colour A's presence shows.
    const aColor = /--c: (#[0-9a-f]{6})/i.exec((await a.locator('glossa-presence-bar li[title="You"]').getAttribute('style'))!)![1]!;
    const [r, g, bl] = [1, 3, 5].map((i) => parseInt(aColor.slice(i, i + 2), 16));
    expect(peerStyle).toContain(`rgb(${r}, ${g}, ${bl})`);
    await screenshot(a, '02-selection-popover');
    await popover.getByRole('button', { name: 'Organisation' }).click();
    await popover.locator('textarea').click();
    await a.keyboard.type('Is this the **same** body as the KNB?');
    await popover.getByRole('button', { name: 'Save', exact: true }).click();
    // A's first write: the name is asked for now, and the annotation is saved once it is given.
    const namePrompt = a.getByRole('dialog', { name: 'Before you write: your name' });
    await namePrompt.waitFor();
    await a.keyboard.type(ana.name);
    await a.keyboard.press('Enter');
    await b.locator('glossa-presence-bar li', { hasText: 'Ana' }).waitFor();

    await listEntry(a, phrase).waitFor();
    await listEntry(b, phrase).waitFor({ timeout: 1000 });
    await expect(listEntry(b, phrase).innerText()).resolves.toContain('Organisation');
    await expect(listEntry(b, phrase).innerText()).resolves.toContain('Ana');
    await a.locator('glossa-presence-bar', { hasText: 'All changes saved' }).waitFor();
    await screenshot(b, '03-b-sees-highlight');
  });

  it('B replies in the thread and A sees the reply; A resolves and B sees it resolved', async () => {
    await listEntry(b, phrase).click();
    await thread(b).locator('glossa-markdown strong', { hasText: 'same' }).waitFor();
    await thread(b).locator('#reply').click();
    await b.keyboard.type('Yes — the NSC *is* the KNB.');
    await thread(b).getByRole('button', { name: 'Reply' }).click();

    await listEntry(a, phrase).click();
    await thread(a).locator('glossa-markdown', { hasText: 'the NSC is the KNB' }).waitFor({ timeout: 1000 });
    await screenshot(a, '04-thread-with-reply');

    await thread(a).getByRole('button', { name: 'Resolve' }).click();
    await thread(b).getByRole('heading', { name: 'Resolved thread' }).waitFor({ timeout: 1000 });
    await screenshot(b, '05-b-sees-resolved');
  });

  it('a reload keeps everything', async () => {
    await a.reload();
    await listEntry(a, phrase).waitFor();
    const text = await listEntry(a, phrase).innerText();
    expect(text).toContain('2 comments');
    expect(text).toContain('resolved');
  });

  it('B comments while offline; it is sent on reconnect and A receives it', async () => {
    await contextB.setOffline(true);
    await b.locator('glossa-presence-bar [data-state="offline"]').waitFor();
    await thread(b).locator('#reply').click();
    await b.keyboard.type('Written on the train.');
    await thread(b).getByRole('button', { name: 'Reply' }).click();
    await thread(b).locator('[data-pending]', { hasText: 'Written on the train.' }).waitFor();
    await b.locator('glossa-presence-bar', { hasText: 'unsent' }).waitFor();
    await screenshot(b, '06-offline-pending');

    await contextB.setOffline(false);
    await listEntry(a, phrase).click();
    await thread(a).locator('glossa-markdown', { hasText: 'Written on the train.' }).waitFor({ timeout: 10_000 });
    await b.locator('glossa-presence-bar', { hasText: 'All changes saved' }).waitFor({ timeout: 10_000 });
  });

  it('renders a hostile comment as inert text', async () => {
    await thread(a).locator('#reply').click();
    await a.keyboard.type('<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2"> [link](javascript:window.__xss=3) plain');
    await thread(a).getByRole('button', { name: 'Reply' }).click();
    const rendered = thread(b).locator('glossa-markdown', { hasText: 'plain' });
    await rendered.waitFor({ timeout: 2000 });
    expect(await b.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await rendered.locator('script, img, [onerror]').count()).toBe(0);
    await rendered
      .locator('a')
      .count()
      .then(async (links) => {
        if (links > 0) expect(await rendered.locator('a').getAttribute('href')).toBeNull();
      });
  });

  it('works by keyboard: select with Shift+arrows, Enter to annotate, j/k to move, Esc to close', async () => {
    await a.locator('glossa-thread').getByRole('button', { name: 'Close thread' }).click();
    const text = a.locator('glossa-text-view .text');
    await text.focus();
    await a.keyboard.press('Control+Home');
    for (let i = 0; i < 3; i++) await a.keyboard.press('ArrowRight');
    for (let i = 0; i < 3; i++) await a.keyboard.press('Shift+ArrowRight');
    await a.keyboard.press('Enter');
    const popover = a.locator('glossa-annotate-popover');
    await popover.waitFor();
    expect(await popover.locator('.quote').innerText()).toBe('“its”');
    await a.keyboard.press('Escape');
    await popover.waitFor({ state: 'detached' });
    await text.focus();
    await a.keyboard.press('j');
    await a.locator('glossa-annotation-list li[aria-current="true"]').waitFor();
  });

  it('overlapping highlights are all clickable, and the list filters by label', async () => {
    const overlap = 'Jamaat of Mojahedeens';
    const start = report.indexOf(overlap);
    const post = (body: object) =>
      fetch(`${server.url}/api/documents/${documentId}/annotations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    await post({ id: 'outer', start: start - 4, end: start + overlap.length + 20, labels: ['organisation'] });
    await post({ id: 'inner', start, end: start + 6, labels: ['person'] });
    await thread(b).getByRole('button', { name: 'Close thread' }).click();
    await listEntry(b, 'Jamaat').first().waitFor();
    // Click in "Jamaat", covered by both.
    const jamaat = await locatePhrase(b, overlap);
    const point = { x: jamaat.x1 + 12, y: jamaat.y1 };
    await b.mouse.click(point.x, point.y);
    const chooser = b.getByRole('menu', { name: 'Overlapping annotations' });
    await chooser.waitFor();
    expect(await chooser.getByRole('menuitem').count()).toBe(2);
    await screenshot(b, '08-overlap-chooser');
    await chooser.getByRole('menuitem', { name: /“Jamaat”/ }).click();
    await thread(b).locator('blockquote', { hasText: '“Jamaat”' }).waitFor();
    await thread(b).getByRole('button', { name: 'Close thread' }).click();

    await b.getByLabel('Filter by label').selectOption('person');
    await expect.poll(() => b.locator('glossa-annotation-list li').count()).toBe(1);
    await b.getByLabel('Filter by label').selectOption('');
    await b.getByLabel('Search quotes and comments').click();
    await b.keyboard.type('train');
    await expect.poll(() => b.locator('glossa-annotation-list li').count()).toBe(1);
    await b.keyboard.press('Control+a');
    await b.keyboard.press('Backspace');
  });

  it('the documents page lists documents with counts and creates one from pasted text', async () => {
    await a.goto(server.url);
    const row = a.locator('glossa-document-list tr', { hasText: 'Sample report' });
    await row.waitFor();
    // The NSC highlight and the two overlapping ones.
    expect((await row.locator('td[data-label="Annotations"]').innerText()).trim()).toBe('3');
    await a.getByRole('textbox', { name: 'Title', exact: true }).click();
    await a.keyboard.type('Pasted memo');
    await a.getByLabel('Paste the text').click();
    await a.keyboard.type('A short memo about the Almaty office.');
    await a.getByRole('button', { name: 'Create and open' }).click();
    await a.waitForURL(/\/documents\//);
    await a.locator('glossa-text-view .text', { hasText: 'A short memo about the Almaty office.' }).waitFor();
    await screenshot(a, '09-created-from-paste');
  });

  it('raised no page errors', () => {
    expect(errorsA).toEqual([]);
    expect(errorsB).toEqual([]);
  });
});

describeInBrowser('embedding in an intranet page on another origin', async () => {
  // The example page as an intranet would copy it: the HTML and its script (built by the global setup).
  const html = readFileSync(new URL('../../client/pages/embed-example.html', import.meta.url));
  const script = readFileSync(new URL('../../dist/client/embed-example.js', import.meta.url));
  const intranet: Server = createServer((req, res) => {
    if (req.url?.startsWith('/embed-example.js')) return res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    res.writeHead(200, { 'content-type': 'text/html' }).end(html);
  });
  await new Promise<void>((resolve) => intranet.listen(0, '127.0.0.1', resolve));
  afterAll(() => new Promise<void>((resolve) => intranet.close(() => resolve())));
  const intranetUrl = `http://localhost:${(intranet.address() as AddressInfo).port}/`;
  // Open mode lets in only the server's own pages and the origins listed.
  const server = await startTestServer({ ALLOWED_ORIGINS: new URL(intranetUrl).origin });
  const documentId = await createDocument(server.url, report, 'Embedded report');
  const browser = await launchBrowser();

  it('loads the annotator with one script and one element, themed, and raises events to the host page', async () => {
    const context = await personContext(browser, ana);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${intranetUrl}?server=${encodeURIComponent(server.url)}&document=${documentId}`);
    await page.locator('glossa-text-view .text', { hasText: 'In its excessive zeal' }).waitFor();
    const accent = await page.locator('glossa-annotator').evaluate((el) => getComputedStyle(el).getPropertyValue('--glossa-accent').trim());
    expect(accent).toBe('#8a3ffc');

    await selectPhrase(page, 'Tashkent bomb blasts');
    const popover = page.locator('glossa-annotate-popover');
    await popover.getByRole('button', { name: 'Place' }).click();
    await popover.getByRole('button', { name: 'Save', exact: true }).click();
    await page.locator('#log', { hasText: 'annotation-created: “Tashkent bomb blasts”' }).waitFor();
    await listEntry(page, 'Tashkent bomb blasts').click();
    await page.locator('#log', { hasText: 'annotation-selected: “Tashkent bomb blasts”' }).waitFor();
    await screenshot(page, '07-embedded');
    expect(errors).toEqual([]);
  });
});
