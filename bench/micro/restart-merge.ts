// What a room does with a large update log right after a restart, one step at a time, on this
// thread: the work that decides how long the first acknowledgements wait (workload G).
//   npx tsx bench/micro/restart-merge.ts [entries=35000] [entriesPerRow=2] [writers=20] [repeats=3]
// The log is W writers' annotation entries (bench/clients/annotations.ts), stored as the group
// commit stores them: a few consecutive entries per row. Timed (ms, median of the repeats):
//   - merge the log into one update (what RoomRegistry.sendStoredState does for clients waiting
//     on the load, and EncodedState.fold on the room's first state vector: both on the main thread);
//   - read the state vector from the merged bytes (Y.encodeStateVectorFromUpdate), and whether
//     anything waits past a gap (Y.parseUpdateMeta, EncodedState's reachesBeyond);
//   - answer one reconnecting writer's sync step 1 (Y.diffUpdate of the whole state against its
//     state vector, which lacks its last 5 entries: EncodedState.diff, once per syncing client).

import * as Y from 'yjs';
import { addAnnotation } from '../clients/annotations.js';
import { mergeUpdates } from '../../server/collab/merge/merge-updates.js';
import { median, round } from '../stats.js';

const [entries = 35_000, perRow = 2, writerCount = 20, repeats = 3] = process.argv.slice(2).map(Number);

function timed<T>(fn: () => T): [number, T] {
  const t0 = performance.now();
  const value = fn();
  return [performance.now() - t0, value];
}

// Every writer's updates, as a stock provider would send them.
const writers = Array.from({ length: writerCount }, () => {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  return { doc, updates };
});
for (let i = 0; i < entries; i++) {
  const w = i % writerCount;
  addAnnotation(writers[w]!.doc, `a${w}-${Math.floor(i / writerCount)}`, i, w);
}
// Rows as the group commit makes them: `perRow` consecutive entries of one writer, writers interleaved.
const rows: Uint8Array[] = [];
const perWriter = Math.ceil(entries / writerCount);
for (let at = 0; at < perWriter; at += perRow) {
  for (const w of writers) {
    const slice = w.updates.slice(at, at + perRow);
    if (slice.length) rows.push(slice.length === 1 ? slice[0]! : Y.mergeUpdates(slice));
  }
}
const logBytes = rows.reduce((n, r) => n + r.byteLength, 0);

const results: Record<string, number[]> = { merge: [], vector: [], meta: [], diff: [], diffDs: [] };
let stateBytes = 0;
for (let r = 0; r < repeats; r++) {
  const [mergeMs, merged] = timed(() => mergeUpdates(rows));
  stateBytes = merged.byteLength;
  const [vectorMs] = timed(() => Y.encodeStateVectorFromUpdate(merged));
  const [metaMs] = timed(() => Y.parseUpdateMeta(merged));
  // A writer that missed its own last 5 entries (written while the server was down).
  const w = writers[r % writerCount]!;
  const vector = Y.encodeStateVectorFromUpdate(Y.mergeUpdates(w.updates.slice(0, -5)));
  const full = Y.decodeStateVector(Y.encodeStateVectorFromUpdate(merged));
  full.set(w.doc.clientID, Y.decodeStateVector(vector).get(w.doc.clientID) ?? 0);
  const [diffMs, diff] = timed(() => Y.diffUpdate(merged, Y.encodeStateVector(full)));
  results.merge!.push(mergeMs);
  results.vector!.push(vectorMs);
  results.meta!.push(metaMs);
  results.diff!.push(diffMs);
  results.diffDs!.push(diff.byteLength);
}
const m = (k: string) => round(median(results[k]!), 1);
console.log(
  JSON.stringify({
    entries,
    rows: rows.length,
    logMiB: round(logBytes / 2 ** 20, 2),
    stateMiB: round(stateBytes / 2 ** 20, 2),
    mergeLogMs: m('merge'),
    stateVectorFromBytesMs: m('vector'),
    parseUpdateMetaMs: m('meta'),
    diffForOneWriterMs: m('diff'),
    diffBytes: m('diffDs'),
    runs: results,
  }),
);
