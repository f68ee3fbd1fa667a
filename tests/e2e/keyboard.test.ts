// The annotator without a mouse: focus always goes back where the person came from, j/k move
// focus (not just a marker), Enter opens what is shown as current, selections are trimmed, and the
// whole workflow (label, comment, reply, resolve, delete, undo) is done from the keyboard.

import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeInBrowser, launchBrowser, personContext, watchErrors } from '../support/browser.js';
import { focused, tabTo } from '../support/focus.js';
import { focusText, keySelect } from '../support/select-text.js';
import { createDocument, startTestServer } from '../support/test-server.js';
import { ana, report } from '../support/sample-report.js';

// In text order: the seeded annotations the list shows.
const seeded = ['National Security Committee', 'Andijan', 'Tashkent bomb blasts'];

const popover = (page: Page) => page.locator('glossa-annotate-popover');
const thread = (page: Page) => page.locator('glossa-thread');
const currentEntry = (page: Page) => page.locator('glossa-annotation-list li[aria-current="true"]');

describeInBrowser('the annotator by keyboard', async () => {
  const server = await startTestServer();
  const documentId = await createDocument(server.url, report, 'Sample report');
  for (const phrase of seeded) {
    const start = report.indexOf(phrase);
    const res = await fetch(`${server.url}/api/documents/${documentId}/annotations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ start, end: start + phrase.length, labels: ['claim'] }),
    });
    expect(res.status).toBe(201);
  }
  const browser = await launchBrowser();
  const page = await (await personContext(browser, ana)).newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.url}/documents/${documentId}`);
  await page.locator('glossa-annotation-list li', { hasText: seeded[2] }).waitFor();

  it('trims spaces caught at either end of a keyboard selection', async () => {
    await keySelect(page, 'zeal to justify', { extra: 1 });
    await page.keyboard.press('Enter');
    expect(await popover(page).locator('.quote').innerText()).toBe('“zeal to justify”');
  });

  it('Esc on the popover hands focus back to the text, keeping the selection', async () => {
    await page.keyboard.press('Escape');
    await popover(page).waitFor({ state: 'detached' });
    expect(await focused(page)).toMatchObject({ inside: 'glossa-text-view', tag: 'div' });
    await page.keyboard.press('Enter');
    expect(await popover(page).locator('.quote').innerText()).toBe('“zeal to justify”');
    await page.keyboard.press('Escape');
  });

  it('j j then Enter in the text opens the second annotation, and Esc comes back to the text', async () => {
    await focusText(page);
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    expect(await currentEntry(page).innerText()).toContain(seeded[1]);
    expect(await focused(page)).toMatchObject({ inside: 'glossa-text-view' });
    await page.keyboard.press('Enter');
    await thread(page).locator('blockquote', { hasText: seeded[1] }).waitFor();
    expect(await focused(page)).toMatchObject({ inside: 'glossa-thread', tag: 'h2' });
    await page.keyboard.press('Escape');
    await thread(page).waitFor({ state: 'detached' });
    expect(await focused(page)).toMatchObject({ inside: 'glossa-text-view', tag: 'div' });
    // Still where it was: k goes back to the first.
    await page.keyboard.press('k');
    expect(await currentEntry(page).innerText()).toContain(seeded[0]);
  });

  it('in the list, j moves focus to the next entry and Enter opens that one; Esc returns to it', async () => {
    await tabTo(page, (f) => f.inside === 'glossa-annotation-list' && f.tag === 'button');
    const first = (await focused(page)).name;
    await page.keyboard.press('j');
    const second = await focused(page);
    expect(second.name).not.toBe(first);
    expect(second.inside).toBe('glossa-annotation-list');
    expect(await currentEntry(page).innerText()).toContain(second.name.split('”')[0]!.replace('“', ''));
    await page.keyboard.press('Enter');
    const quote = await thread(page).locator('blockquote').innerText();
    expect(second.name).toContain(quote.replace(/[“”]/g, ''));
    expect(await focused(page)).toMatchObject({ inside: 'glossa-thread', tag: 'h2' });
    await page.keyboard.press('Escape');
    await thread(page).waitFor({ state: 'detached' });
    expect((await focused(page)).name).toBe(second.name);
    await page.keyboard.press('j');
    expect((await focused(page)).inside).toBe('glossa-annotation-list');
    expect((await focused(page)).name).not.toBe(second.name);
  });

  it('does the whole workflow from the keyboard: label, first comment, reply, resolve, delete, undo', async () => {
    await keySelect(page, 'Kazakh nationals');
    // Hundreds of caret moves in a few seconds did not flood the server with presence (it would close the socket).
    expect(await page.locator('glossa-presence-bar [data-state="connected"]').count()).toBe(1);
    await page.keyboard.press('Enter');
    await popover(page).waitFor();
    await tabTo(page, (f) => f.name === 'Evidence');
    await page.keyboard.press('Space');
    await tabTo(page, (f) => f.tag === 'textarea');
    await page.keyboard.type('Named in the *NSC* statement.');
    await tabTo(page, (f) => f.name === 'Save');
    await page.keyboard.press('Enter');
    await popover(page).waitFor({ state: 'detached' });
    // Saving hands focus back to the text, just after the new highlight.
    expect(await focused(page)).toMatchObject({ inside: 'glossa-text-view', tag: 'div' });
    const entry = page.locator('glossa-annotation-list li', { hasText: 'Kazakh nationals' });
    await entry.waitFor();
    expect(await entry.innerText()).toContain('Evidence');

    await page.keyboard.press('Enter');
    await thread(page).locator('blockquote', { hasText: 'Kazakh nationals' }).waitFor();
    await thread(page).locator('glossa-markdown em', { hasText: 'NSC' }).waitFor();
    await tabTo(page, (f) => f.tag === 'textarea' && f.name.startsWith('Reply'));
    await page.keyboard.type('Four of them, per the report.');
    await page.keyboard.press('Control+Enter');
    await thread(page).locator('glossa-markdown', { hasText: 'Four of them, per the report.' }).waitFor();
    await tabTo(page, (f) => f.name === 'Resolve');
    await page.keyboard.press('Enter');
    await thread(page).getByRole('heading', { name: 'Resolved thread' }).waitFor();

    await tabTo(page, (f) => f.name === 'Delete annotation');
    await page.keyboard.press('Enter');
    expect(await focused(page)).toMatchObject({ name: 'Keep it' });
    await page.keyboard.press('Shift+Tab');
    expect(await focused(page)).toMatchObject({ name: 'Delete' });
    await page.keyboard.press('Enter');
    await entry.waitFor({ state: 'detached' });
    expect((await focused(page)).tag).not.toBe('body');
    await page.locator('glossa-annotator').getByRole('status').filter({ hasText: 'Annotation deleted' }).waitFor();

    await page.keyboard.press('Control+z');
    await entry.waitFor();
    const restored = await entry.innerText();
    expect(restored).toContain('Evidence');
    expect(restored).toContain('2 comments');
    expect(restored).toContain('resolved');
    expect(errors).toEqual([]);
  });
});
