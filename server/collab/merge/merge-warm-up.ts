// A made-up document for a fresh merge thread to merge before any real one: V8 optimises code
// only once it has run a while, and a thread that merges now and then would otherwise run its
// first merges (the ones people are waiting on, after a restart) several times slower.

import * as Y from 'yjs';
import { mergePieces } from './merge-message.js';

/**
 * Updates of a few clients labelling passages, editing text and deleting, as rooms receive them.
 * Each client works alone (nobody applies the others' updates): making the session must cost far
 * less than merging it, and the merge code runs the same.
 */
function madeUpSession(edits: number): Uint8Array[] {
  const docs = Array.from({ length: 8 }, () => new Y.Doc());
  const updates: Uint8Array[] = [];
  for (const doc of docs) doc.on('update', (update: Uint8Array) => updates.push(update));
  for (let i = 0; i < edits; i++) {
    const doc = docs[i % docs.length]!;
    const annotations = doc.getMap('annotations');
    doc.transact(() => {
      annotations.set(`a${i}`, { quote: `passage ${i} of the report`, label: i % 3 ? 'claim' : 'evidence', start: i, end: i + 12 });
      doc.getText('source').insert(0, `${i} `);
      if (i % 9 === 8) annotations.delete(`a${i - 8}`);
    });
  }
  return updates;
}

/** Merges a made-up document a few ways, as folds, compactions and sweeps will (about 150 ms). */
export function warmUpMerges(): void {
  const updates = madeUpSession(600);
  const snapshot = mergePieces({ snapshot: null, updates: updates.slice(0, 400) }, false).state;
  for (let round = 0; round < 3; round++) mergePieces({ snapshot, updates: updates.slice(400) }, false);
  mergePieces({ snapshot, updates: updates.slice(400) }, true);
}
