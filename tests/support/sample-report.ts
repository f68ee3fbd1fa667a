// What most browser tests start from: the commissioning report, two people, and the annotator page
// opened on a document and showing its text.

import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { type Identity, encodeIdentity } from '../../shared/protocol/identity.js';

export const report = readFileSync(new URL('../../server/assets/sample-report.txt', import.meta.url), 'utf8');

export const ana: Identity = { id: 'u-ana', name: 'Ana', color: '#c2255c' };
export const ben: Identity = { id: 'u-ben', name: 'Ben', color: '#1971c2' };

/** Goes to the document's page and waits until the report's text is shown. */
export async function openDocument(page: Page, serverUrl: string, documentId: string): Promise<void> {
  await page.goto(`${serverUrl}/documents/${documentId}`);
  await page.locator('glossa-text-view .text', { hasText: 'In its excessive zeal' }).waitFor();
}

/** `who` highlights the first occurrence of `phrase` in the report through the API (as another person's client would). */
export async function annotateReport(
  serverUrl: string,
  documentId: string,
  who: Identity,
  phrase: string,
  extra: { id?: string; labels?: string[]; comment?: string } = {},
): Promise<string> {
  const start = report.indexOf(phrase);
  const res = await fetch(`${serverUrl}/api/documents/${documentId}/annotations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-glossa-identity': encodeIdentity(who) },
    body: JSON.stringify({ start, end: start + phrase.length, labels: ['evidence'], ...extra }),
  });
  if (res.status !== 201) throw new Error(`annotating "${phrase}" answered ${res.status}`);
  return ((await res.json()) as { annotation: { id: string } }).annotation.id;
}
