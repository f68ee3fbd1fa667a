// The bytes a dormant room keeps must say what a Y.Doc would: the same state vector, and the
// same answer to a client that holds part of the document, whatever order updates arrive in.

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { EncodedState } from '../../../../../server/collab/merge/encoded-state.js';
import { type MergeTask, type TaskResults, runTask } from '../../../../../server/collab/merge/merge-message.js';
import { StateMerger, inThreadMerger } from '../../../../../server/collab/merge/state-merger.js';
import { type StoredPieces, applyStoredState } from '../../../../../server/collab/merge/stored-doc.js';
import { encodeReach, rangesOf } from '../../../../../server/collab/merge/vector-tracking.js';

/** Successive updates of one editing session, each as its own Yjs update. */
function session(edits: number): { doc: Y.Doc; updates: Uint8Array[] } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  for (let i = 0; i < edits; i++) {
    doc.getMap('annotations').set(`a${i}`, { quote: `passage ${i}`.repeat(3) });
    doc.getText('source').insert(0, `${i}.`);
    if (i % 4 === 3) doc.getMap('annotations').delete(`a${i - 2}`);
  }
  return { doc, updates };
}

/** Merges for real, but answers only when the test says: a merge thread still at work. */
class HeldMerger extends StateMerger {
  private readonly held: Array<() => void> = [];

  get waiting(): number {
    return this.held.length;
  }

  protected run<T extends MergeTask>(pieces: StoredPieces, task: T): Promise<TaskResults[T]> {
    const result = runTask(pieces, task);
    return new Promise((resolve) => this.held.push(() => resolve(result)));
  }

  /** Answers every merge asked for so far, and waits until the state has taken the answers in. */
  async answer(): Promise<void> {
    for (const resolve of this.held.splice(0)) resolve();
    await new Promise((resolve) => setImmediate(resolve));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** A merger that works here and tells `noted` what it was asked. */
function recording(noted: (pieces: StoredPieces, task: MergeTask) => void): new () => StateMerger {
  return class extends StateMerger {
    protected run<T extends MergeTask>(pieces: StoredPieces, task: T): Promise<TaskResults[T]> {
      noted(pieces, task);
      return Promise.resolve(runTask(pieces, task));
    }
    close(): Promise<void> {
      return Promise.resolve();
    }
  };
}

function appendAll(state: EncodedState, updates: Uint8Array[]): void {
  for (const update of updates) state.append(update, Y.decodeUpdate(update));
}

/** 300 of a 400-edit session appended to an empty state, then a pause: their fold held in the merger. */
function foldUnderWay(): { doc: Y.Doc; updates: Uint8Array[]; merger: HeldMerger; state: EncodedState } {
  const { doc, updates } = session(400);
  const merger = new HeldMerger();
  const state = new EncodedState({ snapshot: null, updates: [] }, null, merger);
  appendAll(state, updates.slice(0, 300));
  state.foldIfDue();
  expect(merger.waiting).toBe(1);
  return { doc, updates, merger, state };
}

function sameAs(doc: Y.Doc, update: Uint8Array): void {
  const built = new Y.Doc();
  Y.applyUpdate(built, update);
  expect(built.getMap('annotations').toJSON()).toEqual(doc.getMap('annotations').toJSON());
  expect(built.getText('source').toString()).toBe(doc.getText('source').toString());
}

describe('EncodedState', () => {
  it('keeps the state vector a Y.Doc would have, and answers a partial client with exactly what it lacks', async () => {
    const { doc, updates } = session(400);
    const state = new EncodedState({ snapshot: null, updates: [] }, null, inThreadMerger);
    appendAll(state, updates);
    expect(state.stateVector()).toEqual(Y.encodeStateVector(doc));

    const partial = new Y.Doc();
    for (const update of updates.slice(0, 150)) Y.applyUpdate(partial, update);
    Y.applyUpdate(partial, (await state.diff(Y.encodeStateVector(partial))).update);
    sameAs(doc, Y.encodeStateAsUpdate(partial));
    sameAs(doc, state.fold());
  });

  it('loaded with a snapshot stored with its vector, reads only the log after it, and keeps the same vector and gap', async () => {
    const { doc, updates } = session(400);
    const snapshot = Y.mergeUpdates(updates.slice(0, 300));
    // One row that adds something is missing: what follows waits past a gap until it comes.
    const missing = updates.findIndex((update, i) => i >= 350 && Y.decodeUpdate(update).structs.length > 0);
    const rows = [...updates.slice(300, missing), ...updates.slice(missing + 1)];
    const asked: { task: MergeTask; bytes: number }[] = [];
    const Recording = recording((pieces, task) =>
      asked.push({ task, bytes: [pieces.snapshot, ...pieces.updates].reduce((sum, piece) => sum + (piece?.byteLength ?? 0), 0) }),
    );
    const snapshotVector = Y.encodeStateVectorFromUpdate(snapshot);
    const state = new EncodedState({ snapshot, updates: rows }, null, new Recording(), snapshotVector);
    await state.prime();
    // The vector and the rows; not the snapshot.
    expect(asked).toEqual([{ task: 'vectorAfter', bytes: snapshotVector.byteLength + rows.reduce((sum, row) => sum + row.byteLength, 0) }]);
    const upToGap = new Y.Doc();
    for (const update of updates.slice(0, missing)) Y.applyUpdate(upToGap, update);
    expect(state.stateVector()).toEqual(Y.encodeStateVector(upToGap));

    appendAll(state, [updates[missing]!]);
    expect(state.stateVector()).toEqual(Y.encodeStateVector(doc));
    sameAs(doc, state.fold());

    // With the reaches the rows were stored with (one row without, as a Y.Doc's would be): no row is
    // sent anywhere to be read, and the vector and the gap are the same.
    asked.length = 0;
    const reaches = rows.map((row, i) => (i === 7 ? null : encodeReach([rangesOf(Y.decodeUpdate(row).structs)])));
    const fromReaches = new EncodedState({ snapshot, updates: rows }, null, new Recording(), snapshotVector);
    await fromReaches.prime(reaches);
    expect(asked).toEqual([]);
    expect(fromReaches.stateVector()).toEqual(Y.encodeStateVector(upToGap));
    appendAll(fromReaches, [updates[missing]!]);
    expect(fromReaches.stateVector()).toEqual(Y.encodeStateVector(doc));
  });

  it('answers a client holding the whole snapshot from the floor stored with it, without the snapshot, deletions included', async () => {
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    const text = doc.getText('source');
    for (let i = 0; i < 40; i++) text.insert(text.length, `Paragraph ${i} of the report. `);
    const beforeDelete = updates.length;
    text.delete(0, 200);
    const snapshot = Y.mergeUpdates(updates);
    const snapshotVector = Y.encodeStateVectorFromUpdate(snapshot);
    const floor = Y.diffUpdate(snapshot, snapshotVector);
    const logStart = updates.length;
    text.insert(0, 'Revised. ');
    const asked: number[][] = [];
    const Recording = recording((pieces) => asked.push([pieces.snapshot, ...pieces.updates].map((piece) => piece?.byteLength ?? 0)));
    const state = new EncodedState({ snapshot, updates: updates.slice(logStart) }, null, new Recording(), snapshotVector, floor);
    // Every struct of the snapshot, but not its deletion: the floor brings that.
    const missedTheDeletion = new Y.Doc();
    for (const update of updates.slice(0, beforeDelete)) Y.applyUpdate(missedTheDeletion, update);
    const halfway = new Y.Doc();
    for (const update of updates.slice(0, 10)) Y.applyUpdate(halfway, update);
    for (const client of [missedTheDeletion, halfway]) {
      Y.applyUpdate(client, (await state.diff(Y.encodeStateVector(client))).update);
      expect(client.getText('source').toString()).toBe(text.toString());
    }
    // The first answer was worked out from the floor, the second (a client that lacks some of the snapshot) from the snapshot.
    expect(asked.map(([first]) => first)).toEqual([floor.byteLength, snapshot.byteLength]);
  });

  it('gives its whole content without a state vector while something waits past a gap (the vector would not say all it holds)', async () => {
    const { doc, updates } = session(40);
    const state = new EncodedState({ snapshot: null, updates: [] }, null, inThreadMerger);
    appendAll(state, [...updates.slice(0, 10), ...updates.slice(11)]);
    expect((await state.whole()).stateVector).toBeNull();
    appendAll(state, [updates[10]!]);
    expect((await state.whole()).stateVector).toEqual(Y.encodeStateVector(doc));
  });

  it('updates that arrive out of order (a gap, then what fills it) end in the same state', () => {
    const { doc, updates } = session(60);
    const state = new EncodedState({ snapshot: updates[0]!, updates: [] }, null, inThreadMerger);
    appendAll(state, [...updates.slice(30), ...updates.slice(1, 30)]);
    expect(state.stateVector()).toEqual(Y.encodeStateVector(doc));
    sameAs(doc, state.fold());
  });

  it('after a gap, keeps an exact state vector at every update without merging the content (a reconnecting client sends new edits before its backlog)', () => {
    const base = session(200);
    const state = new EncodedState({ snapshot: Y.encodeStateAsUpdate(base.doc), updates: [] }, null, inThreadMerger);
    state.stateVector();
    const baseBytes = state.pieces.snapshot;
    const writer = new Y.Doc();
    Y.applyUpdate(writer, Y.encodeStateAsUpdate(base.doc));
    const updates: Uint8Array[] = [];
    writer.on('update', (update: Uint8Array) => updates.push(update));
    for (let i = 0; i < 30; i++) writer.getMap('entries').set(`k${i}`, i);
    // The last 20 arrive first, one by one; a Y.Doc given the same keeps them pending.
    const mirror = new Y.Doc();
    Y.applyUpdate(mirror, Y.encodeStateAsUpdate(base.doc));
    for (const update of updates.slice(10)) {
      state.append(update, Y.decodeUpdate(update));
      Y.applyUpdate(mirror, update);
      expect(Y.decodeStateVector(state.stateVector())).toEqual(Y.decodeStateVector(Y.encodeStateVector(mirror)));
    }
    // Nothing was merged on the way: the base is the one it started with.
    expect(state.pieces.snapshot).toBe(baseBytes);
    // The backlog fills the gap: the vector reaches past everything.
    for (const update of updates.slice(0, 10)) state.append(update, Y.decodeUpdate(update));
    expect(Y.decodeStateVector(state.stateVector())).toEqual(Y.decodeStateVector(Y.encodeStateVector(writer)));
    expect(state.pieces.snapshot).toBe(baseBytes);
  });

  it('returns only what is new of an update it partly has, and nothing for one it has whole', () => {
    const { doc, updates } = session(20);
    const state = new EncodedState({ snapshot: null, updates: [] }, null, inThreadMerger);
    appendAll(state, updates.slice(0, 10));
    const whole = Y.encodeStateAsUpdate(doc);
    const fresh = state.append(whole, Y.decodeUpdate(whole))?.fresh;
    expect(fresh).toBeDefined();
    expect(fresh!.byteLength).toBeLessThan(whole.byteLength);
    const clockAfterTen = Y.decodeStateVector(Y.encodeStateVectorFromUpdate(Y.mergeUpdates(updates.slice(0, 10)))).get(doc.clientID)!;
    for (const struct of Y.decodeUpdate(fresh!).structs) expect(struct.id.clock).toBeGreaterThanOrEqual(clockAfterTen);
    expect(state.append(updates[3]!, Y.decodeUpdate(updates[3]!))).toBeNull();
    sameAs(doc, state.fold());
  });

  it('keeps what is appended while a fold is under way, and takes the fold in as its base', async () => {
    const { doc, updates } = session(400);
    const merger = new HeldMerger();
    const state = new EncodedState({ snapshot: null, updates: [] }, null, merger);
    let foldStartedAt = -1;
    updates.forEach((update, i) => {
      state.append(update, Y.decodeUpdate(update));
      // A room whose edits pause after every one.
      state.foldIfDue();
      if (foldStartedAt < 0 && merger.waiting > 0) foldStartedAt = i + 1;
    });
    expect(foldStartedAt).toBeGreaterThan(0);
    // One merge at a time, however far the appends run ahead of it.
    expect(merger.waiting).toBe(1);
    await merger.answer();
    expect(state.pieces.snapshot).not.toBeNull();
    expect(state.pieces.updates).toHaveLength(updates.length - foldStartedAt);
    sameAs(doc, state.fold());
  });

  it('leaves a due fold for the pause, and starts one itself only once the tail is overdue', async () => {
    const { doc, updates } = session(4000);
    const merger = new HeldMerger();
    const state = new EncodedState({ snapshot: null, updates: [] }, null, merger);
    let bytesWhenDue = -1;
    let tailBytes = 0;
    let appended = 0;
    for (const update of updates) {
      state.append(update, Y.decodeUpdate(update));
      appended += 1;
      if (merger.waiting > 0) break;
      tailBytes += update.byteLength;
      if (bytesWhenDue < 0 && state.foldDue) bytesWhenDue = tailBytes;
    }
    // Due at about 8 KB, it waited through the appends that followed, until the tail neared 256 KB.
    expect(bytesWhenDue).toBeGreaterThan(0);
    expect(bytesWhenDue).toBeLessThanOrEqual(8 * 1024);
    expect(tailBytes).toBeGreaterThan(200 * 1024);
    expect(merger.waiting).toBe(1);
    await merger.answer();
    expect(state.pieces.snapshot).not.toBeNull();
    expect(state.foldDue).toBe(false);
    appendAll(state, updates.slice(appended));
    sameAs(doc, state.fold());
  });

  it('gives the whole content, including what came after a fold already under way', async () => {
    const { doc, updates, merger, state } = foldUnderWay();
    appendAll(state, updates.slice(300));
    const whole = state.whole();
    await merger.answer();
    await merger.answer();
    const { state: merged, stateVector } = await whole;
    sameAs(doc, merged);
    expect(stateVector).toEqual(Y.encodeStateVector(doc));
  });

  it('does not take in a fold that one done meanwhile on the main thread overtook', async () => {
    const { doc, updates, merger, state } = foldUnderWay();
    state.fold();
    appendAll(state, updates.slice(300, 310));
    await merger.answer();
    expect(state.pieces.updates).toHaveLength(10);
    appendAll(state, updates.slice(310));
    sameAs(doc, state.fold());
  });

  it('sends a client with nothing a long tail as one update, and reuses that merge for the next one', async () => {
    const { updates } = session(400);
    const state = new EncodedState({ snapshot: Y.mergeUpdates(updates.slice(0, 360)), updates: [] }, null, inThreadMerger);
    appendAll(state, updates.slice(360, 390));

    const first = await state.piecesForEmptyClient();
    expect(first.updates).toHaveLength(1);
    appendAll(state, updates.slice(390, 400));
    const second = await state.piecesForEmptyClient();
    // The merge made for the first joiner, then only what came after it.
    expect(second.updates[0]).toBe(first.updates[0]);
    expect(second.updates).toHaveLength(11);
    const expected = new Y.Doc();
    for (const update of updates.slice(0, 400)) Y.applyUpdate(expected, update);
    const joined = new Y.Doc();
    applyStoredState(joined, second);
    sameAs(expected, Y.encodeStateAsUpdate(joined));
  });

  it("merges a long tail for joiners off the caller's thread, once for all who join meanwhile", async () => {
    const { doc, updates } = session(400);
    const merger = new HeldMerger();
    const state = new EncodedState({ snapshot: Y.mergeUpdates(updates.slice(0, 300)), updates: [] }, null, merger);
    appendAll(state, updates.slice(300));

    const joins = [state.piecesForEmptyClient(), state.piecesForEmptyClient(), state.piecesForEmptyClient()];
    expect(merger.waiting).toBe(1);
    await merger.answer();
    const answers = await Promise.all(joins);
    for (const answer of answers) {
      expect(answer.updates).toHaveLength(1);
      expect(answer.updates[0]).toBe(answers[0]!.updates[0]);
      const joined = new Y.Doc();
      applyStoredState(joined, answer);
      sameAs(doc, Y.encodeStateAsUpdate(joined));
    }
  });
});
