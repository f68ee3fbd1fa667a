// Ana corrects the report in place while Ben reads it: what she types replaces her selection and
// appears in his view at once, highlights keep to their words (one whose words she changed says
// so, and is intact again once she puts them back), and nothing is typed once she is done.

import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeInBrowser, launchBrowser, personContext, watchErrors } from '../support/browser.js';
import { dragSelect } from '../support/select-text.js';
import { createDocument, startTestServer } from '../support/test-server.js';
import { ana, annotateReport, ben, report } from '../support/sample-report.js';

const entry = (page: Page, quote: string) => page.locator('glossa-annotation-list li', { hasText: quote });
const textView = (page: Page) => page.locator('glossa-text-view .text');

describeInBrowser('editing the text in place', async () => {
  const server = await startTestServer();
  const documentId = await createDocument(server.url, report, 'Sample report');
  const phrase = 'National Security Committee';
  await annotateReport(server.url, documentId, ben, phrase);

  const browser = await launchBrowser();
  const page = await (await personContext(browser, ana)).newPage();
  const reader = await (await personContext(browser, ben)).newPage();
  const errors = [watchErrors(page), watchErrors(reader)];
  for (const p of [page, reader]) {
    await p.goto(`${server.url}/documents/${documentId}`);
    await entry(p, phrase).waitFor();
  }

  it('replaces what she selects with what she types; Ben sees it live and the highlight stays on its words', async () => {
    await page.getByRole('button', { name: 'Edit text' }).click();
    await page.getByRole('status').filter({ hasText: 'Editing the text' }).waitFor();
    await dragSelect(page, 'Shortly after');
    await page.keyboard.type('Soon after');
    await textView(reader).filter({ hasText: 'Soon after the brutalities' }).waitFor();
    expect(await textView(reader).innerText()).not.toContain('Shortly after');
    expect(await page.locator('glossa-annotate-popover').count()).toBe(0);
    expect(await entry(reader, phrase).innerText()).not.toContain('text edited');
  });

  it('a word of the highlight changed shows as edited, with what it now reads; typed back, it is intact again', async () => {
    await dragSelect(page, 'Security');
    await page.keyboard.type('Safety');
    await entry(reader, phrase).filter({ hasText: 'text edited' }).waitFor();
    await entry(reader, phrase).locator('button').click();
    await reader.locator('glossa-thread', { hasText: 'It now reads: “National Safety Committee”' }).waitFor();
    await reader.getByRole('button', { name: 'Close thread' }).click();

    // The caret stays after what she typed, through every redraw: Backspace and typing carry on from there.
    for (let i = 0; i < 'Safety'.length; i++) await page.keyboard.press('Backspace');
    await page.keyboard.type('Security');
    await textView(reader).filter({ hasText: 'the National Security Committee (NSC) even admitted' }).waitFor();
    await expect.poll(() => entry(reader, phrase).innerText()).not.toContain('text edited');
    expect(await entry(page, phrase).innerText()).not.toContain('text edited');
  });

  it('Enter starts a new line while editing; once she is done, keys type nothing', async () => {
    await dragSelect(page, 'Soon after');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Enter');
    await textView(reader)
      .filter({ hasText: /massive expulsion of refugees seeking shelter in Kazakhstan, the National Security Committee/ })
      .waitFor();
    await expect.poll(async () => (await textView(reader).innerText()).includes('\nSoon after')).toBe(true);

    await page.getByRole('button', { name: 'Done editing' }).click();
    await page.getByRole('button', { name: 'Edit text' }).waitFor();
    const before = await textView(page).innerText();
    await dragSelect(page, 'brutalities');
    await page.keyboard.type('x');
    await page.keyboard.press('Backspace');
    expect(await textView(page).innerText()).toBe(before);
    expect(errors.flat()).toEqual([]);
  });
});
