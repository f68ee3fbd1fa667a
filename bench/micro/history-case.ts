// Issue 27's target document: the 1.1 MB text with 10,000 annotation changes (by one person, through
// the model, as commands) and then 100,000 text edits (another typing and deleting in runs of 50 at
// random places, as a raw Yjs client would). Deterministic.

import * as Y from 'yjs';
import { createSourceDocumentState } from '../../shared/model/source-document.js';
import { createAnnotation } from '../../shared/model/write-annotations.js';
import { text } from './revision-case.js';

export interface HistoryCase {
  /** The document's state when created. */
  base: Uint8Array;
  annotationUpdates: Uint8Array[];
  textUpdates: Uint8Array[];
  /** The document once every update is applied. */
  doc: Y.Doc;
}

/** The updates of another client typing and deleting `edits` characters into `doc`'s text, in runs of 50 at random places. */
export function typing(doc: Y.Doc, edits: number, seed: number): Uint8Array[] {
  const editor = new Y.Doc();
  Y.applyUpdate(editor, Y.encodeStateAsUpdate(doc));
  const updates: Uint8Array[] = [];
  editor.on('update', (update: Uint8Array) => updates.push(update));
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  const typed = editor.getText('source');
  let at = 0;
  for (let i = 0; i < edits; i++) {
    if (i % 50 === 0) at = Math.floor(random() * typed.length);
    if (random() < 0.8) typed.insert(at++, 'x');
    else if (at > 0) typed.delete(--at, 1);
  }
  editor.destroy();
  return updates;
}

export function historyCase(textEdits = 100_000): HistoryCase {
  const base = createSourceDocumentState(text);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, base);
  const annotationUpdates: Uint8Array[] = [];
  const onAnnotation = (update: Uint8Array) => annotationUpdates.push(update);
  doc.on('update', onAnnotation);
  const author = { id: 'u-ana', name: 'Ana', color: '#c2255c' };
  const step = Math.floor(text.length / 10_000);
  for (let i = 0; i < 10_000; i++) {
    const start = i * step;
    const imported = { current: text, origin: { sourceId: null, creator: null, created: null, anchoredBy: 'position' as const }, comments: [] };
    doc.transact(() => createAnnotation(doc, { id: `a${i}`, start, end: start + 30, labels: ['claim'] }, author, '2026-12-08T00:00:00.000Z', imported));
  }
  doc.off('update', onAnnotation);

  const textUpdates = typing(doc, textEdits, 3);
  for (const update of textUpdates) Y.applyUpdate(doc, update);
  return { base, annotationUpdates, textUpdates, doc };
}
