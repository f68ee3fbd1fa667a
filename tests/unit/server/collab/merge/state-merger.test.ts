// Rooms merge their bytes in a thread of their own, so the main thread keeps relaying edits
// meanwhile. The thread must give what a merge here gives, and a thread stopped with merges
// still queued must cost time, never content.

import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { pino } from 'pino';
import { MERGE_CHANNEL, type MergeEvent } from '../../../../../server/collab/merge/merge-events.js';
import { WORKER_MIN_BYTES, WorkerStateMerger } from '../../../../../server/collab/merge/state-merger.js';
import { mergeStoredState } from '../../../../../server/collab/merge/stored-doc.js';
import { KEEP_MIN_BYTES } from '../../../../../server/collab/merge/kept-states.js';
import { createAnnotation } from '../../../../../shared/model/write-annotations.js';

/** A document large enough to go to the thread, as many small updates, some text deleted. */
function editedDocument(): { doc: Y.Doc; updates: Uint8Array[] } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const text = doc.getText('source');
  const author = { id: 'u-ana', name: 'Ana', color: '#c2255c' };
  for (let i = 0; i < 1500; i++) {
    text.insert(text.length, `Sentence ${i} of the report. `);
    createAnnotation(doc, { id: `a${i}`, start: text.length - 12, end: text.length - 2, labels: ['claim'] }, author, '2026-12-07T00:00:00.000Z');
  }
  text.delete(0, 20_000);
  // Smaller states are merged on the main thread: this one must go to the merge thread.
  expect(updates.reduce((sum, update) => sum + update.byteLength, 0)).toBeGreaterThan(WORKER_MIN_BYTES);
  return { doc, updates };
}

function contentOf(update: Uint8Array): { text: string; annotations: unknown } {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  return { text: doc.getText('source').toString(), annotations: doc.getMap('annotations').toJSON() };
}

describe('WorkerStateMerger', () => {
  let merger: WorkerStateMerger;
  afterEach(() => merger.close());

  it('merges in its thread what a merge here gives, drops deleted content when asked, and summarizes', async () => {
    merger = new WorkerStateMerger(pino({ level: 'silent' }));
    const { doc, updates } = editedDocument();
    const pieces = { snapshot: updates[0]!, updates: updates.slice(1) };
    const expected = { text: doc.getText('source').toString(), annotations: doc.getMap('annotations').toJSON() };

    const merged = await merger.merge(pieces);
    expect(merged).toEqual(mergeStoredState(pieces));

    const collected = await merger.collect(pieces);
    expect(contentOf(collected.state)).toEqual(expected);
    expect(collected.stateVector).toEqual(Y.encodeStateVector(doc));
    // The 20,000 deleted characters are gone from the bytes, not only hidden.
    expect(collected.state.byteLength).toBeLessThan(merged.byteLength - 15_000);

    // What the document listing shows, read in the thread rather than by building the doc here.
    expect((await merger.summarize(pieces)).annotationCount).toBe(1500);
  });

  it('leaves the main thread free while it merges a large document: other work goes on meanwhile', async () => {
    merger = new WorkerStateMerger(pino({ level: 'silent' }));
    const { doc, updates } = editedDocument();
    let merged: Uint8Array | null = null;
    const merging = merger.merge({ snapshot: null, updates }).then((state) => (merged = state));
    // Turns of this thread's event loop while the merge runs (a merge here would end before the first).
    let turns = 0;
    while (!merged) {
      await new Promise((resolve) => setImmediate(resolve));
      turns += 1;
    }
    await merging;
    expect(turns).toBeGreaterThan(1);
    expect(contentOf(merged)).toEqual(contentOf(Y.encodeStateAsUpdate(doc)));
  });

  // The diagnostics tools read (the benchmark's tracer lines merges up with slow rounds: bench/servers/trace-events.mjs).
  it('tells glossa:merge subscribers when each merge starts and ends, and on which thread', async () => {
    merger = new WorkerStateMerger(pino({ level: 'silent' }));
    const events: MergeEvent[] = [];
    const listen = (message: unknown) => events.push(message as MergeEvent);
    subscribe(MERGE_CHANNEL, listen);
    try {
      const { updates } = editedDocument();
      const large = merger.merge({ snapshot: null, updates });
      // Announced before the thread has answered.
      expect(events).toEqual([expect.objectContaining({ phase: 'start', task: 'merge', offThread: true })]);
      await large;
      await merger.summarize({ snapshot: null, updates: updates.slice(0, 3) });
    } finally {
      unsubscribe(MERGE_CHANNEL, listen);
    }
    const [start, end, smallStart, smallEnd] = events;
    expect(events).toHaveLength(4);
    expect(end).toEqual({ ...start, phase: 'end' });
    expect(start!.bytes).toBeGreaterThan(WORKER_MIN_BYTES);
    expect(smallStart).toMatchObject({ phase: 'start', task: 'summarize', offThread: false });
    expect(smallEnd).toEqual({ ...smallStart, phase: 'end' });
    expect(smallStart!.id).not.toBe(start!.id);
  });

  it('answers clients that reconnect together in one read of the latest pieces, before the merges queued ahead of them', async () => {
    const logged: { msg: string; task?: string; jobs?: number }[] = [];
    merger = new WorkerStateMerger(pino({ level: 'debug' }, { write: (line: string) => logged.push(JSON.parse(line)) }));
    const { doc, updates } = editedDocument();
    // As a room holds a loaded document: a snapshot and the log after it, unmerged.
    const pieces = { snapshot: mergeStoredState({ snapshot: null, updates: updates.slice(0, 2000) }), updates: updates.slice(2000) };
    // Writers that reconnect, each having missed a different part of the end; one holds nothing.
    const writers = [2400, 2700, 2950, 0].map((upTo) => {
      const writer = new Y.Doc();
      for (const update of updates.slice(0, upTo)) Y.applyUpdate(writer, update);
      return writer;
    });
    // The first two ask while the room holds less of the log, which only grows while `room` is the same.
    const earlier = { snapshot: pieces.snapshot, updates: pieces.updates.slice(0, 500) };
    const room = {};
    const done: string[] = [];
    const busy = merger.merge(pieces).then(() => done.push('first merge'));
    const fold = merger.merge(pieces).then(() => done.push('queued merge'));
    const answers = writers.map((writer, i) =>
      merger.diff(i < 2 ? earlier : pieces, Y.encodeStateVector(writer), room).then((answer) => (done.push('diff'), answer)),
    );

    const answered = await Promise.all(answers);
    // Each says how much of the content it holds: all of it, the snapshot and every row.
    expect(answered.map((answer) => answer.pieces)).toEqual(writers.map(() => 1 + pieces.updates.length));
    for (const [i, answer] of answered.entries()) {
      Y.applyUpdate(writers[i]!, answer.update);
      expect(writers[i]!.getText('source').toString()).toBe(doc.getText('source').toString());
      expect(writers[i]!.getMap('annotations').toJSON()).toEqual(doc.getMap('annotations').toJSON());
    }
    await Promise.all([busy, fold]);
    // The merge under way when they asked finishes first; the one queued waits for them.
    expect(done).toEqual(['first merge', 'diff', 'diff', 'diff', 'diff', 'queued merge']);
    expect(logged.filter((line) => line.task === 'diff').map((line) => line.jobs)).toEqual([4]);
  });

  it('answers a client that holds the whole kept snapshot with its deletions and the log after it, and one that holds less in full', async () => {
    merger = new WorkerStateMerger(pino({ level: 'silent' }));
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    const text = doc.getText('source');
    for (let i = 0; i < 30; i++) text.insert(text.length, `Paragraph ${i} of the report. `.repeat(400));
    const beforeDelete = updates.length;
    // A deletion adds no struct: a client that missed it holds every struct of the snapshot.
    text.delete(0, 50_000);
    const snapshot = mergeStoredState({ snapshot: null, updates });
    expect(snapshot.byteLength).toBeGreaterThan(KEEP_MIN_BYTES);
    const logStart = updates.length;
    for (let i = 0; i < 5; i++) text.insert(0, `Revised ${i}. `);
    const pieces = { snapshot, updates: updates.slice(logStart) };
    const room = {};

    const missedTheDeletion = new Y.Doc();
    for (const update of updates.slice(0, beforeDelete)) Y.applyUpdate(missedTheDeletion, update);
    const halfway = new Y.Doc();
    for (const update of updates.slice(0, 10)) Y.applyUpdate(halfway, update);
    // Asked three times, so that the snapshot is kept and named: the later answers come from its floor.
    for (let round = 0; round < 3; round++) {
      for (const client of [missedTheDeletion, halfway]) {
        const copy = new Y.Doc();
        Y.applyUpdate(copy, Y.encodeStateAsUpdate(client));
        Y.applyUpdate(copy, (await merger.diff(pieces, Y.encodeStateVector(copy), room)).update);
        expect(copy.getText('source').toString()).toBe(text.toString());
      }
    }
  });

  it('finishes here the merges a stopped thread had queued', async () => {
    merger = new WorkerStateMerger(pino({ level: 'silent' }));
    const { doc, updates } = editedDocument();
    const queued = [0, 1, 2].map(() => merger.merge({ snapshot: null, updates }));
    await merger.close();
    for (const merged of await Promise.all(queued)) expect(Y.encodeStateVectorFromUpdate(merged)).toEqual(Y.encodeStateVector(doc));
  });
  it('answers as a merge here would on the large states it keeps between requests, and on one it had to forget', async () => {
    /** A document of its own, over KEEP_MIN_BYTES merged, as its updates. */
    const largeDocument = (words: string): { doc: Y.Doc; updates: Uint8Array[] } => {
      const doc = new Y.Doc();
      const updates: Uint8Array[] = [];
      doc.on('update', (update: Uint8Array) => updates.push(update));
      const text = doc.getText('source');
      for (let i = 0; i < 40; i++) text.insert(text.length, `${words} ${i} `.repeat(1_000));
      text.delete(100, 5_000);
      return { doc, updates };
    };
    const a = largeDocument('alpha');
    const b = largeDocument('beta');
    const stateA = mergeStoredState({ snapshot: null, updates: a.updates });
    expect(stateA.byteLength).toBeGreaterThan(KEEP_MIN_BYTES);
    // Room for one such state: keeping the second forgets the first.
    merger = new WorkerStateMerger(pino({ level: 'silent' }), { warm: false, keptBytes: Math.round(stateA.byteLength * 1.5) });

    const mergedA = await merger.merge({ snapshot: null, updates: a.updates });
    expect(mergedA).toEqual(stateA);
    // A client that has the first half of A's updates, then one that has nothing.
    const half = new Y.Doc();
    for (const update of a.updates.slice(0, 20)) Y.applyUpdate(half, update);
    for (const vector of [Y.encodeStateVector(half), Y.encodeStateVector(new Y.Doc())]) {
      expect((await merger.diff({ snapshot: mergedA, updates: [] }, vector)).update).toEqual(Y.diffUpdate(stateA, vector));
    }
    // A fold onto the state the thread keeps.
    a.doc.getText('source').insert(0, 'Revised. ');
    const extra = a.updates.at(-1)!;
    expect(await merger.merge({ snapshot: mergedA, updates: [extra] })).toEqual(mergeStoredState({ snapshot: stateA, updates: [extra] }));

    await merger.merge({ snapshot: null, updates: b.updates });
    const vector = Y.encodeStateVector(half);
    expect((await merger.diff({ snapshot: mergedA, updates: [] }, vector)).update).toEqual(Y.diffUpdate(stateA, vector));
    expect(contentOf(await merger.merge({ snapshot: mergedA, updates: [extra] })).text).toBe(a.doc.getText('source').toString());
  });
});
