// axe-core on the pages people use, at desktop and phone sizes: no serious or critical violation,
// and none at all about landmarks and headings (how a screen-reader user finds their way).

import { expect, it } from 'vitest';
import { axeViolations } from '../support/axe.js';
import { describeInBrowser, launchBrowser, personContext, watchErrors } from '../support/browser.js';
import { dragSelect } from '../support/select-text.js';
import { createDocument, startTestServer } from '../support/test-server.js';
import { ana, openDocument, report } from '../support/sample-report.js';

describeInBrowser('accessibility', async () => {
  const server = await startTestServer();
  const documentId = await createDocument(server.url, report, 'Sample report');
  const phrase = 'National Security Committee';
  const start = report.indexOf(phrase);
  await fetch(`${server.url}/api/documents/${documentId}/annotations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ start, end: start + phrase.length, labels: ['organisation'], comment: 'Also called the **KNB**.' }),
  });
  const browser = await launchBrowser();

  for (const phone of [false, true]) {
    const size = phone ? 'phone' : 'desktop';

    it(`the documents list (${size})`, async () => {
      const page = await (await personContext(browser, ana, { phone })).newPage();
      const errors = watchErrors(page);
      await page.goto(server.url);
      await page.getByRole('link', { name: 'Sample report' }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
    });

    it(`a document, with a thread open and then the new-annotation popover (${size})`, async () => {
      const page = await (await personContext(browser, ana, { phone })).newPage();
      const errors = watchErrors(page);
      await openDocument(page, server.url, documentId);
      expect(await axeViolations(page)).toEqual([]);

      if (phone) await page.getByRole('button', { name: /Annotations \(/ }).click();
      await page.locator('glossa-annotation-list li', { hasText: phrase }).click();
      await page.locator('glossa-thread glossa-markdown strong', { hasText: 'KNB' }).waitFor();
      expect(await axeViolations(page)).toEqual([]);

      await page.locator('glossa-thread').getByRole('button', { name: 'Close thread' }).click();
      await dragSelect(page, 'Tashkent bomb blasts');
      await page.locator('glossa-annotate-popover').getByRole('button', { name: 'Save', exact: true }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
    });
  }
});
