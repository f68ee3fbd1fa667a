// Ana imports the annotations a colleague exported from the first version of the report onto the
// revised one: she picks the file, reads where they landed, finds the reworded one placed approximately
// and the cut one among the detached, and Ben, reading along, sees them arrive.

import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeInBrowser, launchBrowser, personContext, watchErrors } from '../support/browser.js';
import { createDocument, startTestServer } from '../support/test-server.js';
import { ana, ben } from '../support/sample-report.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/import/${name}`, import.meta.url));
/** Clicks "Import annotations" and picks the file (a file dialog is the one step a script stands in for). */
async function importFile(page: Page, name: string, mimeType: string, buffer: Buffer): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import annotations' }).click();
  await (await chooser).setFiles({ name, mimeType, buffer });
}

const entry = (page: Page, quote: string) => page.locator('glossa-annotation-list li', { hasText: quote });

describeInBrowser('importing annotations from a file', async () => {
  const server = await startTestServer();
  const documentId = await createDocument(server.url, fixture('report-v2.txt').toString('utf8'), 'Field report');
  const browser = await launchBrowser();
  const page = await (await personContext(browser, ana)).newPage();
  const reader = await (await personContext(browser, ben)).newPage();
  const errors = [watchErrors(page), watchErrors(reader)];
  await page.goto(`${server.url}/documents/${documentId}`);
  await reader.goto(`${server.url}/documents/${documentId}`);
  await page.locator('glossa-text-view .text', { hasText: 'Observers from three embassies' }).waitFor();

  it('takes the file she picks and says where each annotation landed; Ben sees them arrive', async () => {
    await importFile(page, 'field-report.jsonld', 'application/ld+json', fixture('glossa-page.json'));
    await page
      .getByText('Imported 6 annotations from field-report.jsonld: 4 found exactly, 1 matched approximately, 1 detached. new labels: Border incidents.')
      .waitFor();

    for (const p of [page, reader]) {
      await entry(p, 'September').waitFor();
      const detached = p.locator('glossa-annotation-list section', { has: p.getByRole('heading', { name: 'Detached (1)' }) });
      await detached.waitFor();
      expect(await detached.locator('li').innerText()).toContain('The minister denied the claim');
    }
    expect(await entry(page, 'were detained at the border').innerText()).toContain('imported, placed approximately');

    // Its thread says who made it, who brought it in, and that its place is a guess to check.
    await entry(page, 'were detained at the border').locator('button').click();
    const thread = page.locator('glossa-thread');
    await thread.getByText(/Imported by Ana, .* · made by Aigerim, .* · placed by an approximate match of its quote: check it/).waitFor();
    await thread.getByText('It now reads: “were arrested at the frontier”').waitFor();
    expect(errors.flat()).toEqual([]);
  });

  it('importing the same file again adds nothing', async () => {
    await page.getByRole('button', { name: 'Close thread' }).click();
    await importFile(page, 'field-report.jsonld', 'application/ld+json', fixture('glossa-page.json'));
    await page
      .getByText('Imported 0 annotations from field-report.jsonld: 0 found exactly, 0 matched approximately, 0 detached. 6 were already here.')
      .waitFor();
    expect(await page.locator('glossa-annotation-list li').count()).toBe(6);
  });

  it('a file that is not annotations is refused, saying why', async () => {
    await importFile(page, 'notes.json', 'application/json', Buffer.from('{"title": "my notes"}'));
    await page
      .getByRole('alert')
      .getByText(/^Nothing was imported: body: is not Web Annotations/)
      .waitFor();
    expect(errors.flat()).toEqual([]);
  });
});
