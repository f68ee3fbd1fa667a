// Builds each benchmark document's Y.Doc with the project's own model and writes it straight into
// a fresh SQLite file through the server's store: 10,000 REST calls would take minutes.

import { join } from 'node:path';
import * as Y from 'yjs';
import { createSourceDocumentState } from '../../shared/model/source-document.js';
import { createAnnotation } from '../../shared/model/write-annotations.js';
import { SqliteStore } from '../../server/storage/sqlite/sqlite-store.js';
import type { Scenario } from './options.js';
import { type Layout, layoutSpans } from './layout.js';

export interface Fixture {
  scenario: Scenario;
  documentId: string;
  layout: Layout;
  stateBytes: number;
}

const AUTHOR = { id: 'u-fixture', name: 'Fixture', color: '#2f9e44' };
const CREATED_AT = '2026-11-28T12:00:00.000Z';

export function documentState(text: string, layout: Layout): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, createSourceDocumentState(text));
  doc.transact(() => {
    layout.spans.forEach((span, i) => {
      createAnnotation(doc, { id: `a${i}`, start: span.start, end: span.end, labels: ['claim'] }, AUTHOR, CREATED_AT);
    });
  });
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return state;
}

/** Writes one document per scenario into `<dir>/glossa.db`; returns the database path and the fixtures. */
export async function writeFixtures(dir: string, text: string, scenarios: Scenario[]): Promise<{ databasePath: string; fixtures: Fixture[] }> {
  const databasePath = join(dir, 'glossa.db');
  const store = new SqliteStore(databasePath);
  const fixtures: Fixture[] = [];
  try {
    for (const scenario of scenarios) {
      const layout = layoutSpans(text.length, scenario.annotations, scenario.overlap);
      const state = documentState(text, layout);
      const documentId = `bench-browser-${scenario.id}`;
      await store.createDocument({ id: documentId, title: `Browser bench ${scenario.id}`, sourceBytes: Buffer.byteLength(text, 'utf8'), state });
      await store.setAnnotationCount(documentId, layout.spans.length);
      fixtures.push({ scenario, documentId, layout, stateBytes: state.byteLength });
    }
  } finally {
    await store.close();
  }
  return { databasePath, fixtures };
}
