// Building and reading whole source documents.

import * as Y from 'yjs';
import { defaultLabels } from './default-labels.js';
import { sourceText } from './layout.js';
import { writeLabel } from './labels.js';

/** The initial state of a new document: its text and the default label set, as one Yjs update. */
export function createSourceDocumentState(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.transact(() => {
    sourceText(doc).insert(0, text);
    for (const label of defaultLabels) writeLabel(doc, label);
  });
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return state;
}
