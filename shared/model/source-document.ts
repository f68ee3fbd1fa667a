// The Yjs layout of a source document: the text lives in Y.Text('source') (docs/data-model.md).

import * as Y from 'yjs';

export const SOURCE_TEXT = 'source';

export function sourceText(doc: Y.Doc): Y.Text {
  return doc.getText(SOURCE_TEXT);
}

/** Builds the initial state of a new document holding `text`, as one Yjs update. */
export function createSourceDocumentState(text: string): Uint8Array {
  const doc = new Y.Doc();
  sourceText(doc).insert(0, text);
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return state;
}

/** Reads the source text out of an encoded document state without keeping a Y.Doc around. */
export function readSourceText(state: Uint8Array): string {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const text = sourceText(doc).toString();
  doc.destroy();
  return text;
}
