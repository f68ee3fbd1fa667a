// Merging in groups is only an optimisation: the bytes must be exactly what Y.mergeUpdates gives,
// whatever the updates hold (several clients, deletions, updates that arrive before what they build on).

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { mergeUpdates } from '../../../../../server/collab/merge/merge-updates.js';

/** 1,200 updates from five clients annotating and editing one document, some deleting. */
function updatesOfFiveClients(): Uint8Array[] {
  const docs = Array.from({ length: 5 }, () => new Y.Doc());
  const updates: Uint8Array[] = [];
  for (let i = 0; i < 1200; i++) {
    const doc = docs[i % docs.length]!;
    const before = Y.encodeStateVector(doc);
    doc.getMap('annotations').set(`a${i}`, { quote: `passage ${i}`, label: 'claim' });
    doc.getText('source').insert(i % 7, `${i} `);
    if (i % 10 === 9) doc.getMap('annotations').delete(`a${i - 5}`);
    const update = Y.encodeStateAsUpdate(doc, before);
    updates.push(update);
    for (const other of docs) if (other !== doc) Y.applyUpdate(other, update);
  }
  return updates;
}

describe('mergeUpdates', () => {
  it('gives the bytes Y.mergeUpdates gives: in order, out of order, a snapshot and its log', () => {
    const updates = updatesOfFiveClients();
    expect(mergeUpdates(updates)).toEqual(Y.mergeUpdates(updates));
    const shuffled = [...updates.slice(600), ...updates.slice(0, 600).reverse()];
    expect(mergeUpdates(shuffled)).toEqual(Y.mergeUpdates(shuffled));
    const snapshotAndLog = [Y.mergeUpdates(updates.slice(0, 800)), ...updates.slice(800)];
    expect(mergeUpdates(snapshotAndLog)).toEqual(Y.mergeUpdates(snapshotAndLog));
  });

  it('returns a lone update as it is, and nothing as an empty update', () => {
    const [first] = updatesOfFiveClients();
    expect(mergeUpdates([first!])).toBe(first);
    expect(mergeUpdates([])).toEqual(Y.mergeUpdates([]));
  });
});
