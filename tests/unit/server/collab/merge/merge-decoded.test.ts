// Writing a batch's already-decoded structs out as one update is only an optimisation: where it
// applies the bytes must be exactly Y.mergeUpdates's, and where it cannot it must say so.

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { mergeDecoded } from '../../../../../server/collab/merge/merge-decoded.js';

/** Writers annotating, typing into and deleting from one document; every update reaches all. */
function session(writers: number, edits: number): { docs: Y.Doc[]; updates: { writer: number; update: Uint8Array }[] } {
  const docs = Array.from({ length: writers }, () => new Y.Doc());
  const updates: { writer: number; update: Uint8Array }[] = [];
  for (let i = 0; i < edits; i++) {
    const writer = (i * 7) % writers;
    const doc = docs[writer]!;
    const before = Y.encodeStateVector(doc);
    doc.transact(() => {
      const annotation = new Y.Map<unknown>();
      annotation.set('quote', `passage ${i} ✓ 𝒳`);
      annotation.set('range', new Uint8Array([i % 256, 1, 2]));
      const labels = new Y.Array<string>();
      labels.push(['claim', `l${i}`]);
      annotation.set('labels', labels);
      annotation.set('meta', { at: i, by: [writer, null, true] });
      doc.getMap('annotations').set(`a${i}`, annotation);
      const text = doc.getText('source');
      text.insert(i % Math.max(1, text.length), `${i} `);
      if (i % 5 === 4) text.delete(0, 2);
      if (i % 9 === 8) doc.getMap('annotations').delete(`a${i - 4}`);
    });
    const update = Y.encodeStateAsUpdate(doc, before);
    updates.push({ writer, update });
    for (const other of docs) if (other !== doc) Y.applyUpdate(other, update);
  }
  return { docs, updates };
}

const decode = (updates: readonly Uint8Array[]) => updates.map((u) => Y.decodeUpdate(u));

describe('mergeDecoded', () => {
  it('gives the bytes Y.mergeUpdates gives for one update from each of several writers', () => {
    const { updates } = session(10, 200);
    for (let at = 0; at + 10 <= updates.length; at += 10) {
      const batch = updates.slice(at, at + 10).map((u) => u.update);
      expect(mergeDecoded(decode(batch))).toEqual(Y.mergeUpdates(batch));
    }
  });

  it('gives the same bytes when a writer has several consecutive updates in the batch', () => {
    const { updates } = session(3, 60);
    const batch = updates.slice(10, 40).map((u) => u.update);
    expect(mergeDecoded(decode(batch))).toEqual(Y.mergeUpdates(batch));
    const oneWriter = updates.filter((u) => u.writer === 1).map((u) => u.update);
    expect(mergeDecoded(decode(oneWriter))).toEqual(Y.mergeUpdates(oneWriter));
  });

  it('the merged update builds the same document as the updates one by one', () => {
    const { docs, updates } = session(4, 80);
    const merged = mergeDecoded(decode(updates.map((u) => u.update)));
    expect(merged).not.toBeNull();
    const rebuilt = new Y.Doc();
    Y.applyUpdate(rebuilt, merged!);
    expect(rebuilt.getText('source').toString()).toBe(docs[0]!.getText('source').toString());
    expect(rebuilt.getMap('annotations').toJSON()).toEqual(docs[0]!.getMap('annotations').toJSON());
    expect(Y.encodeStateVector(rebuilt)).toEqual(Y.encodeStateVector(docs[0]!));
  });

  it('declines a writer whose updates are out of order, repeated, or leave a gap, and updates holding a Skip', () => {
    const { updates } = session(2, 12);
    const mine = updates.filter((u) => u.writer === 0).map((u) => u.update);
    const theirs = updates.filter((u) => u.writer === 1).map((u) => u.update);
    expect(mergeDecoded(decode([mine[1]!, mine[0]!]))).toBeNull();
    expect(mergeDecoded(decode([mine[0]!, mine[0]!]))).toBeNull();
    expect(mergeDecoded(decode([mine[0]!, mine[2]!]))).toBeNull();
    const withSkip = Y.mergeUpdates([mine[0]!, mine[2]!]);
    expect(Y.decodeUpdate(withSkip).structs.some((s) => s instanceof Y.Skip)).toBe(true);
    expect(mergeDecoded(decode([withSkip, theirs[0]!]))).toBeNull();
  });

  it('keeps deletions that come without structs', () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'hello world');
    const before = Y.encodeStateVector(doc);
    doc.getText('t').delete(0, 6);
    const deletion = Y.encodeStateAsUpdate(doc, before);
    const other = new Y.Doc();
    other.getMap('m').set('k', 1);
    const batch = [deletion, Y.encodeStateAsUpdate(other)];
    expect(Y.decodeUpdate(deletion).structs).toHaveLength(0);
    expect(mergeDecoded(decode(batch))).toEqual(Y.mergeUpdates(batch));
  });
});
