// Reports dropped from the desktop: on the New document form (with the upload's progress shown on a
// slow link) and on a document's "Upload a new version".

import { expect, it } from 'vitest';
import { describeInBrowser, launchBrowser, personContext, watchErrors } from '../support/browser.js';
import { dropFile, throttleUploads } from '../support/drop-file.js';
import { createDocument, startTestServer } from '../support/test-server.js';
import { ana, report } from '../support/sample-report.js';

describeInBrowser('dropping report files', async () => {
  const server = await startTestServer();
  const browser = await launchBrowser();

  it('a large report dropped on the New document form uploads with its progress shown, and opens', async () => {
    const page = await (await personContext(browser, ana)).newPage();
    const errors = watchErrors(page);
    await page.goto(server.url);
    const form = page.locator('glossa-document-list form');
    await form.getByRole('button', { name: 'Create and open' }).waitFor();
    // 1.5 MB over a 600 KB/s link: long enough to watch.
    const large = `${'The ferry left Aktau at noon with forty refugees aboard. '.repeat(26_000)}\nEnd of the log.`;
    await dropFile(page, form, 'ferry-log.txt', large);
    await throttleUploads(page, 600 * 1024);
    await form.getByRole('button', { name: 'Create and open' }).click();
    const progress = form.getByRole('progressbar', { name: 'Report sent' });
    // Seen part-way, not only at the start or the end.
    await expect.poll(async () => progress.evaluate((bar: HTMLProgressElement) => bar.value > 0 && bar.value < 1).catch(() => false)).toBe(true);
    await page.locator('glossa-text-view .text', { hasText: 'The ferry left Aktau at noon' }).first().waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('ferry-log');
    expect(errors).toEqual([]);
  });

  it('a new version dropped on "Upload a new version" is taken', async () => {
    const documentId = await createDocument(server.url, report, 'Sample report');
    const page = await (await personContext(browser, ana)).newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/documents/${documentId}`);
    const button = page.getByRole('button', { name: 'Upload a new version' });
    await button.waitFor();
    await dropFile(page, button, 'sample-report-v2.txt', report.replace('Shortly after', 'Soon after'));
    await page.getByText(/^Version 2 is in:/).waitFor();
    await page.locator('glossa-text-view .text', { hasText: 'Soon after' }).waitFor();
    expect(errors).toEqual([]);
  });
});
