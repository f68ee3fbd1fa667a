// A colleague puts a new version of the report while Ana reads it: the text changes in front of her,
// each highlight stays on its words, one whose words were reworded says its text was edited, and one
// whose passage was cut moves to a "Detached" section with its count, and she re-attaches it by selecting
// a new passage with the mouse.

import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { encodeIdentity } from '../../shared/protocol/identity.js';
import { describeInBrowser, launchBrowser, personContext, watchErrors } from '../support/browser.js';
import { wordFile } from '../support/report-files.js';
import { dragSelect } from '../support/select-text.js';
import { createDocument, startTestServer } from '../support/test-server.js';
import { ana, annotateReport, ben, report } from '../support/sample-report.js';

const entry = (page: Page, quote: string) => page.locator('glossa-annotation-list li', { hasText: quote });

describeInBrowser('a new version of the report arrives', async () => {
  const server = await startTestServer();
  const documentId = await createDocument(server.url, report, 'Sample report');
  const asBen = { 'x-glossa-identity': encodeIdentity(ben) };
  const annotate = (id: string, phrase: string) => annotateReport(server.url, documentId, ben, phrase, { id, comment: `About ${id}` });
  const kept = 'National Security Committee';
  const reworded = 'massive expulsion of refugees';
  const lastLine = report.trimEnd().split('\n').at(-1)!;
  const cut = lastLine.slice(0, 40);
  await annotate('kept', kept);
  await annotate('reworded', reworded);
  await annotate('cut', cut);

  const browser = await launchBrowser();
  const page = await (await personContext(browser, ana)).newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.url}/documents/${documentId}`);
  await entry(page, cut).waitFor();

  it('changes the text in front of her and shows how each highlight fared', async () => {
    const revised = report.replace(reworded, 'mass expulsion of refugees').replace(lastLine, '').replace('Shortly after', 'Soon after');
    const res = await fetch(`${server.url}/api/documents/${documentId}/text`, {
      method: 'PUT',
      headers: { 'content-type': 'text/plain', ...asBen },
      body: revised,
    });
    expect(res.status).toBe(200);

    await page.locator('glossa-text-view .text', { hasText: 'Soon after' }).waitFor();
    const detached = page.locator('glossa-annotation-list section', { has: page.getByRole('heading', { name: 'Detached (1)' }) });
    await detached.waitFor();
    expect(await detached.locator('li').innerText()).toContain(cut);
    expect(await entry(page, reworded).innerText()).toContain('text edited');
    expect(await entry(page, kept).innerText()).not.toContain('text edited');

    // The edited one's thread says what it reads now.
    await entry(page, reworded).locator('button').click();
    await page.locator('glossa-thread', { hasText: 'It now reads: “mass expulsion of refugees”' }).waitFor();
    expect(errors.flat()).toEqual([]);
  });

  it('lets her re-attach the detached one by selecting a passage, and it leaves the Detached section', async () => {
    await page.getByRole('button', { name: 'Close thread' }).click();
    const detached = page.locator('glossa-annotation-list section', { has: page.getByRole('heading', { name: /^Detached/ }) });
    await detached.locator('li button').click();
    const thread = page.locator('glossa-thread', { hasText: 'About cut' });
    await thread.getByRole('button', { name: 'Re-attach to a passage' }).click();
    await dragSelect(page, 'brutalities in Andijan');
    await thread.locator('blockquote', { hasText: '“brutalities in Andijan”' }).waitFor();
    expect(await thread.locator('blockquote').innerText()).not.toContain('Detached');
    await page.getByRole('button', { name: 'Close thread' }).click();
    await entry(page, 'brutalities in Andijan').waitFor();
    await detached.waitFor({ state: 'detached' });
    expect(await entry(page, 'brutalities in Andijan').innerText()).not.toContain('text edited');
    expect(errors.flat()).toEqual([]);
  });
});

describeInBrowser('uploading a new version', async () => {
  const server = await startTestServer();
  const documentId = await createDocument(server.url, report, 'Sample report');
  const phrase = 'National Security Committee';
  await annotateReport(server.url, documentId, ben, phrase);

  const browser = await launchBrowser();
  const page = await (await personContext(browser, ana)).newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.url}/documents/${documentId}`);
  await entry(page, phrase).waitFor();

  it('takes a Word file she picks as the report’s new text and says how the highlights fared', async () => {
    const revised = report.split('\n').map((line) => line.replace('Shortly after', 'Soon after'));
    const docx = await wordFile('Sample report, revised', revised[0]!, revised.slice(1), []);
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Upload a new version' }).click();
    await (
      await chooser
    ).setFiles({
      name: 'sample-report-v2.docx',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      buffer: Buffer.from(docx),
    });
    await page.getByText('Version 2 is in: 1 highlight intact, 0 with edited text, 0 detached.').waitFor();
    await page.locator('glossa-text-view .text', { hasText: 'Soon after' }).waitFor();
    expect(await entry(page, phrase).innerText()).not.toContain('text edited');

    // The versions, newest first: hers, then the text the document was made with.
    await page.getByRole('button', { name: 'Versions' }).click();
    const versions = page.getByRole('list', { name: 'Versions of the text' }).getByRole('listitem');
    await versions.nth(1).waitFor();
    expect(await versions.allInnerTexts()).toEqual([
      expect.stringMatching(/^Version 2 · Ana, .* · 1 intact, 0 edited, 0 detached$/),
      expect.stringMatching(/^Version 1 · Anonymous, .* KB$/),
    ]);
    expect(errors.flat()).toEqual([]);
  });
});
