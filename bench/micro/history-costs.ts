// What issue 27's history would cost if kept as the updates themselves, on its target document: the
// 1.1 MB text with 10,000 annotation changes and 100,000 text edits (an editor typing and deleting in
// runs of 50 at random places). Compared with the document's own compacted state, and the time a
// Y.Doc takes to be built from that state and read (what answering "as of a moment" from Yjs alone
// would pay before replaying anything).
//   npx tsx bench/micro/history-costs.ts [rounds=3]

import { deflateSync } from 'node:zlib';
import * as Y from 'yjs';
import { readAnnotations } from '../../shared/model/read-annotations.js';
import { median } from '../stats.js';
import { historyCase } from './history-case.js';

const rounds = Number(process.argv[2] ?? 3);
const { annotationUpdates, textUpdates, doc } = historyCase();

const bytes = (list: Uint8Array[]) => list.reduce((n, u) => n + u.length, 0);
const state = Y.encodeStateAsUpdate(doc);
const history = [...annotationUpdates, ...textUpdates];
const all = Buffer.concat(history);
console.log(
  JSON.stringify({
    annotationChanges: annotationUpdates.length,
    annotationBytes: bytes(annotationUpdates),
    textEdits: textUpdates.length,
    textBytes: bytes(textUpdates),
    compactedState: state.length,
    historyOverState: +(all.length / state.length).toFixed(2),
    historyDeflated: deflateSync(all).length,
  }),
);
const build: number[] = [];
const read: number[] = [];
for (let round = 0; round < rounds; round++) {
  let t = performance.now();
  const cold = new Y.Doc();
  Y.applyUpdate(cold, state);
  build.push(performance.now() - t);
  t = performance.now();
  readAnnotations(cold);
  read.push(performance.now() - t);
  cold.destroy();
}
console.log(`Y.Doc from the compacted state ${Math.round(median(build))} ms, its annotations read ${Math.round(median(read))} ms (median of ${rounds})`);
