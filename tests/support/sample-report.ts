// What most browser tests start from: the commissioning report, two people, and the annotator page
// opened on a document and showing its text.

import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { Identity } from '../../shared/protocol/identity.js';

export const report = readFileSync(new URL('../../server/assets/sample-report.txt', import.meta.url), 'utf8');

export const ana: Identity = { id: 'u-ana', name: 'Ana', color: '#c2255c' };
export const ben: Identity = { id: 'u-ben', name: 'Ben', color: '#1971c2' };

/** Goes to the document's page and waits until the report's text is shown. */
export async function openDocument(page: Page, serverUrl: string, documentId: string): Promise<void> {
  await page.goto(`${serverUrl}/documents/${documentId}`);
  await page.locator('glossa-text-view .text', { hasText: 'In its excessive zeal' }).waitFor();
}
