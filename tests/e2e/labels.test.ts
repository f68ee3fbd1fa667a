// Labels in the interface, used as a person uses them: the label manager (create, rename, recolour,
// archive and restore, by mouse and keyboard, on a desk and on a 360 px phone) with the document
// checked over the REST API; the picker in the annotator's popover and thread (archived labels
// hidden but kept where chosen, keys 1–9, the type-ahead filter past eight labels).
//
// The annotator has no "Labels" button yet, so the manager is tested on a small intranet-like page
// of this test's own (another origin, as an embedding page is) that loads /embed.js and binds
// <glossa-label-manager> to the document through the REST API, next to a live <glossa-annotator>.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import type { Label } from '../../shared/model/types.js';
import { PHONE, describeInBrowser, launchBrowser, personContext, screenshot, watchErrors } from '../support/browser.js';
import { focused, tabTo } from '../support/focus.js';
import { axeViolations } from '../support/axe.js';
import { cleanUp } from '../support/clean-up.js';
import { dragSelect } from '../support/select-text.js';
import { createDocument, startTestServer } from '../support/test-server.js';
import { ana, openDocument, report } from '../support/sample-report.js';

/** The test page: a "Labels" button opening the manager, bound to the document over REST. */
function harness(glossa: string, documentId: string, withAnnotator: boolean): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Labels</title><script type="module" src="${glossa}/embed.js"></script>
<style>body { margin: 0.5rem; font-family: system-ui; } glossa-annotator { --glossa-height: 640px; }</style></head>
<body>
<header><button type="button" id="open-labels">Labels</button></header>
<main><h1>Review</h1>
<glossa-label-manager></glossa-label-manager>
${withAnnotator ? `<glossa-annotator server="${glossa}" document="${documentId}"></glossa-annotator>` : ''}
</main>
<script type="module">
  await customElements.whenDefined('glossa-label-manager');
  const manager = document.querySelector('glossa-label-manager');
  const api = '${glossa}/api/documents/${documentId}';
  window.closes = 0;
  async function refresh() {
    const { annotations, labels } = await (await fetch(api + '/annotations')).json();
    const counts = new Map();
    for (const a of annotations) for (const id of new Set(a.labels)) counts.set(id, (counts.get(id) ?? 0) + 1);
    manager.labels = labels;
    manager.counts = counts;
  }
  manager.write = async (command) => {
    const res = await fetch(api + '/commands', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(command) });
    await refresh();
    return res.ok;
  };
  manager.addEventListener('close', () => window.closes++);
  document.querySelector('#open-labels').addEventListener('click', async () => {
    await refresh();
    await manager.open();
  });
  await refresh();
  document.body.dataset.ready = 'true';
</script></body></html>`;
}

/** axe's findings in the label pickers (the rest of the annotator is other tests' business). */
async function pickerViolations(page: Page) {
  return (await axeViolations(page)).filter((v) => v.targets.some((t) => t.includes('glossa-label-picker')));
}

/**
 * Serves the test page from a port of its own (`?annotator` adds the annotator), for the Glossa
 * server and document that `target` names once they exist: the server is started knowing the
 * page's origin, which it must list (ALLOWED_ORIGINS) to let the page in.
 */
async function serveHarness(target: { glossa: string; documentId: string }): Promise<string> {
  const pages = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(harness(target.glossa, target.documentId, req.url?.includes('annotator') ?? false));
  });
  await new Promise<void>((resolve) => pages.listen(0, '127.0.0.1', resolve));
  cleanUp(() => new Promise((resolve) => pages.close(resolve)));
  return `http://127.0.0.1:${(pages.address() as AddressInfo).port}/labels.html`;
}

async function openHarness(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  await page.locator('body[data-ready="true"]').waitFor();
  return page;
}

describeInBrowser('labels in the interface', async () => {
  const target = { glossa: '', documentId: '' };
  const harnessUrl = await serveHarness(target);
  const server = await startTestServer({ ALLOWED_ORIGINS: new URL(harnessUrl).origin });
  const documentId = await createDocument(server.url, report, 'Sample report');
  Object.assign(target, { glossa: server.url, documentId });
  const api = `${server.url}/api/documents/${documentId}`;
  const labels = async (): Promise<Label[]> => ((await (await fetch(`${api}/labels`)).json()) as { labels: Label[] }).labels;
  const labelNamed = async (name: string) => (await labels()).find((l) => l.name === name);
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${api}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.ok).toBe(true);
    return (await res.json()) as Record<string, unknown>;
  };

  const browser = await launchBrowser();
  const page = await openHarness(await personContext(browser, ana), `${harnessUrl}?annotator`);
  const errors = watchErrors(page);
  const dialog = page.getByRole('dialog', { name: 'Labels' });
  const row = (name: string) => dialog.locator('li', { has: page.locator('.name', { hasText: new RegExp(`^${name}$`) }) });
  const popover = page.locator('glossa-annotate-popover');
  const chip = (scope: Locator, name: string) => scope.getByRole('button', { name, exact: true });
  await page.locator('glossa-text-view .text', { hasText: 'In its excessive zeal' }).waitFor();

  it('opens from its button as a modal dialog listing every label with its use', async () => {
    await post('/annotations', { start: report.indexOf('Andijan'), end: report.indexOf('Andijan') + 7, labels: ['place', 'claim'] });
    await page.locator('#open-labels').click();
    await dialog.waitFor();
    expect(await dialog.getAttribute('aria-labelledby')).toBe('label-manager-title');
    expect(await focused(page)).toMatchObject({ tag: 'button', name: 'Close', inside: 'glossa-label-manager' });
    expect(await dialog.locator('li .name').allInnerTexts()).toEqual(['Claim', 'Evidence', 'Person', 'Organisation', 'Place', 'Question']);
    // The page behind is inert while it is open.
    expect(await page.evaluate(() => document.querySelector('glossa-label-manager')!.shadowRoot!.querySelector('dialog')!.matches(':modal'))).toBe(true);
    expect(await row('Place').innerText()).toContain('1 annotation');
    expect(await row('Evidence').innerText()).toContain('not used yet');
  });

  it('adds a label from the keyboard, and the document has it', async () => {
    const form = dialog.locator('glossa-label-form.new');
    await form.getByLabel('Name').click();
    await page.keyboard.type('Date');
    await page.keyboard.press('Tab');
    // Tab reaches the colour chosen for it (the first one no label has yet); arrows choose another.
    expect(await focused(page)).toMatchObject({ tag: 'input', name: 'Pink' });
    await page.keyboard.press('ArrowRight');
    expect(await focused(page)).toMatchObject({ tag: 'input', name: 'Purple' });
    await tabTo(page, (f) => f.tag === 'textarea');
    await page.keyboard.type('A date or a time');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => labelNamed('Date')).toMatchObject({ color: '#ae3ec9', description: 'A date or a time', archived: false });
    await row('Date').waitFor();
    // The form is empty again, ready for the next one, and says what happened.
    expect(await form.getByLabel('Name').inputValue()).toBe('');
    expect(await focused(page)).toMatchObject({ tag: 'input', name: '', inside: 'glossa-label-form' });
    expect(await dialog.getByRole('status').innerText()).toBe('Added “Date”.');
  });

  it('refuses a name another label has, whatever its case, before sending it', async () => {
    await dialog.locator('glossa-label-form.new').getByLabel('Name').click();
    await page.keyboard.type('evidence');
    await page.keyboard.press('Enter');
    await dialog.getByRole('alert').filter({ hasText: 'A label named “Evidence” already exists.' }).waitFor();
    expect(await focused(page)).toMatchObject({ tag: 'input', inside: 'glossa-label-form' });
    expect((await labels()).filter((l) => l.name.toLowerCase() === 'evidence')).toHaveLength(1);
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
  });

  it('renames in place by keyboard; Esc leaves editing, not the dialog', async () => {
    await dialog.getByRole('button', { name: 'Edit Claim' }).click();
    expect(await focused(page)).toMatchObject({ tag: 'input', inside: 'glossa-label-form' });
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Assertion');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await labels()).find((l) => l.id === 'claim')?.name).toBe('Assertion');
    // Back on the row's Edit button, where the person started.
    await expect.poll(async () => (await focused(page)).name).toBe('Edit Assertion');

    await page.keyboard.press('Enter');
    await page.keyboard.type(' (draft)');
    await page.keyboard.press('Escape');
    expect(await dialog.isVisible()).toBe(true);
    expect(await focused(page)).toMatchObject({ tag: 'button', name: 'Edit Assertion' });
    expect((await labels()).find((l) => l.id === 'claim')?.name).toBe('Assertion');
  });

  it('recolours from the palette', async () => {
    await dialog.getByRole('button', { name: 'Edit Person' }).click();
    await dialog.getByRole('group', { name: 'Edit label Person' }).getByRole('radio', { name: 'Pink' }).click();
    await screenshot(page, 'labels-01-manager-editing');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => (await labelNamed('Person'))?.color).toBe('#c2255c');
    await expect.poll(() => row('Person').getByRole('img').getAttribute('aria-label')).toBe('Colour: Pink');
  });

  it('archives and restores; Esc closes and focus goes back to the button that opened it', async () => {
    await dialog.getByRole('button', { name: 'Archive Question' }).click();
    await expect.poll(async () => (await labelNamed('Question'))?.archived).toBe(true);
    await dialog.getByRole('button', { name: 'Restore Question' }).waitFor();
    expect(await row('Question').innerText()).toContain('Archived');
    // Focus stayed on the same button, which now restores.
    expect(await focused(page)).toMatchObject({ tag: 'button', name: 'Restore Question' });
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await labelNamed('Question'))?.archived).toBe(false);
    // The button acts on what it shows: wait until the change is back before pressing it again.
    await dialog.getByRole('button', { name: 'Archive Question' }).waitFor();
    expect(await focused(page)).toMatchObject({ tag: 'button', name: 'Archive Question' });
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await labelNamed('Question'))?.archived).toBe(true);

    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    // The dialog's close event comes a task after it is hidden; the manager's follows it.
    await expect.poll(() => page.evaluate(() => (window as unknown as { closes: number }).closes)).toBe(1);
    expect(await focused(page)).toMatchObject({ tag: 'button', name: 'Labels', inside: null });
  });

  it('the popover offers live labels only, numbered: 3 toggles the third', async () => {
    // Question was archived above; the annotator learnt it over its socket.
    await dragSelect(page, 'massive expulsion of refugees');
    await popover.waitFor();
    const names = await popover.locator('glossa-label-picker button').allInnerTexts();
    expect(names).toEqual(['Assertion', 'Evidence', 'Person', 'Organisation', 'Place', 'Date']);
    expect(await chip(popover, 'Person').getAttribute('title')).toBe('A named person · key 3');
    // The number is drawn on the chip; a screen reader is told it as the button's key shortcut.
    expect(await chip(popover, 'Person').getAttribute('data-key')).toBe('3');
    expect(await chip(popover, 'Person').getAttribute('aria-keyshortcuts')).toBe('3');
    expect(await focused(page)).toMatchObject({ tag: 'button', name: 'Assertion', inside: 'glossa-label-picker' });

    await page.keyboard.press('3');
    expect(await chip(popover, 'Person').getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('6');
    await page.keyboard.press('6');
    expect(await chip(popover, 'Date').getAttribute('aria-pressed')).toBe('false');
    // A digit typed in the comment is text, not a shortcut.
    await popover.getByPlaceholder('Add a comment').click();
    await page.keyboard.type('1 of 2');
    expect(await chip(popover, 'Assertion').getAttribute('aria-pressed')).toBe('false');
    // From the popover's buttons (not a text field) the keys work again.
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ tag: 'button', name: 'Cancel' });
    await page.keyboard.press('1');
    expect(await chip(popover, 'Assertion').getAttribute('aria-pressed')).toBe('true');
    await popover.getByRole('button', { name: 'Save', exact: true }).click();
    const made = async () => ((await (await fetch(`${api}/annotations`)).json()) as { annotations: { quote: string; labels: string[] }[] }).annotations;
    await expect.poll(async () => (await made()).find((a) => a.quote === 'massive expulsion of refugees')?.labels.sort()).toEqual(['claim', 'person']);
  });

  it('past eight labels the popover has a filter: type, arrows, Enter', async () => {
    for (const name of ['Event', 'Source', 'Weapon']) await post('/labels', { name, color: '#495057' });
    await dragSelect(page, 'Kazakh nationals');
    await popover.waitFor();
    const find = popover.getByPlaceholder('Find a label…');
    await find.waitFor();
    expect(await popover.locator('glossa-label-picker button:visible').count()).toBe(9);
    // Nine offered: the ninth has key 9, Esc in an empty filter still closes the popover later.
    expect(await chip(popover, 'Weapon').getAttribute('aria-keyshortcuts')).toBe('9');
    await find.click();
    await page.keyboard.type('ev');
    expect(await popover.locator('glossa-label-picker button:visible').allInnerTexts()).toEqual(['Evidence', 'Event']);
    expect(await popover.getByRole('status').innerText()).toBe('2 labels match; Evidence highlighted, Enter toggles it');
    await screenshot(page, 'labels-02-popover-filter');
    expect(await pickerViolations(page)).toEqual([]);
    await page.keyboard.press('ArrowDown');
    expect(await popover.getByRole('status').innerText()).toContain('Event highlighted');
    await page.keyboard.press('Enter');
    expect(await chip(popover, 'Event').getAttribute('aria-pressed')).toBe('true');
    expect(await chip(popover, 'Evidence').getAttribute('aria-pressed')).toBe('false');
    // The filter is empty again and keeps focus, for the next label; digits there are text.
    expect(await find.inputValue()).toBe('');
    await page.keyboard.type('9');
    expect(await popover.getByRole('status').innerText()).toBe('No label matches');
    // Esc clears the filter first; the popover stays.
    await page.keyboard.press('Escape');
    expect(await popover.isVisible()).toBe(true);
    expect(await find.inputValue()).toBe('');
    expect(await chip(popover, 'Weapon').getAttribute('aria-pressed')).toBe('false');
    await page.keyboard.press('Escape');
    await popover.waitFor({ state: 'detached' });
  });

  it('the thread shows an archived label still on the annotation, marked, and 1–9 work on its chips', async () => {
    const quote = 'Tashkent bomb blasts';
    await post('/annotations', { id: 'kept', start: report.indexOf(quote), end: report.indexOf(quote) + quote.length, labels: ['question'] });
    await page.locator('glossa-annotation-list li', { hasText: quote }).click();
    const thread = page.locator('glossa-thread');
    await thread.waitFor();
    const archived = thread.getByRole('button', { name: 'Question archived' });
    expect(await archived.getAttribute('aria-pressed')).toBe('true');
    expect(await archived.getAttribute('aria-keyshortcuts')).toBeNull();
    await screenshot(page, 'labels-03-thread-archived');
    expect(await pickerViolations(page)).toEqual([]);
    await tabTo(page, (f) => f.inside === 'glossa-label-picker' && f.name === 'Evidence');
    await page.keyboard.press('2');
    await expect
      .poll(async () => ((await (await fetch(`${api}/annotations/kept`)).json()) as { annotation: { labels: string[] } }).annotation.labels.sort())
      .toEqual(['evidence', 'question']);
    // Taken off, the archived label is no longer shown.
    await archived.click();
    await archived.waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
  });

  it('fits a 360 px phone as a full-width sheet, and works there by touch', async () => {
    const phone = await browser.newContext({ ...PHONE, viewport: { width: 360, height: 740 } });
    phone.setDefaultTimeout(8000);
    const small = await openHarness(phone, harnessUrl);
    const phoneErrors = watchErrors(small);
    await small.locator('#open-labels').tap();
    const sheet = small.getByRole('dialog', { name: 'Labels' });
    await sheet.waitFor();
    const box = (await sheet.boundingBox())!;
    expect(box.x).toBe(0);
    expect(box.width).toBe(360);
    // Nothing sticks out sideways.
    const overflow = await small.evaluate(() => {
      const d = document.querySelector('glossa-label-manager')!.shadowRoot!.querySelector('dialog')!;
      return d.scrollWidth - d.clientWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(small, 'labels-04-phone-sheet');
    expect(await axeViolations(small)).toEqual([]);
    const restore = sheet.getByRole('button', { name: 'Restore Question' });
    const restoreBox = (await restore.boundingBox())!;
    expect(restoreBox.height).toBeGreaterThanOrEqual(40);
    await restore.tap();
    await expect.poll(async () => (await labelNamed('Question'))?.archived).toBe(false);
    await sheet.getByRole('button', { name: 'Edit Question' }).tap();
    await sheet.getByRole('group', { name: 'Edit label Question' }).waitFor();
    expect(await axeViolations(small)).toEqual([]);
    await sheet.getByRole('button', { name: 'Cancel' }).tap();
    await sheet.getByRole('button', { name: 'Close' }).tap();
    await sheet.waitFor({ state: 'hidden' });
    expect(phoneErrors).toEqual([]);
  });
});

describeInBrowser('the annotator’s Labels button', async () => {
  const server = await startTestServer();
  const documentId = await createDocument(server.url, report, 'Sample report');
  const browser = await launchBrowser();
  const page = await (await personContext(browser, ana)).newPage();
  const errors = watchErrors(page);
  await openDocument(page, server.url, documentId);

  it('opens the label manager; a label added there is offered at once in the popover', async () => {
    await page.locator('glossa-annotator').getByRole('button', { name: 'Labels' }).click();
    const dialog = page.getByRole('dialog', { name: 'Labels' });
    await dialog.waitFor();
    await dialog.locator('glossa-label-form.new').getByLabel('Name').click();
    await page.keyboard.type('Source');
    await page.keyboard.press('Enter');
    await dialog.locator('li .name', { hasText: /^Source$/ }).waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await focused(page)).toMatchObject({ tag: 'button', name: 'Labels', inside: 'glossa-annotator' });
    await dragSelect(page, 'bargaining with international human rights organizations');
    await page.locator('glossa-annotate-popover').getByRole('button', { name: 'Source', exact: true }).waitFor();
    expect(errors).toEqual([]);
  });
});
