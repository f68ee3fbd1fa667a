// A fresh install opens with the commissioning report, once; deleting it later is respected.

import { readFile } from 'node:fs/promises';
import type { Store } from '../storage/store.js';
import type { DocumentService } from './document-service.js';
import { projectPath } from '../project-paths.js';

const SEEDED_KEY = 'sample_seeded';
const samplePath = projectPath('server/assets/sample-report.txt');

export const SAMPLE_TITLE = 'Sample report';

export async function seedSampleDocument(store: Store, documents: DocumentService): Promise<string | null> {
  if (await store.getSetting(SEEDED_KEY)) return null;
  const existing = await store.listDocuments();
  let id: string | null = null;
  if (existing.length === 0) {
    const text = await readFile(samplePath, 'utf8');
    id = (await documents.create(SAMPLE_TITLE, text)).id;
  }
  await store.setSetting(SEEDED_KEY, new Date().toISOString());
  return id;
}
