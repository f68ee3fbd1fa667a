// What issue 27's history would cost if kept as the updates themselves, on its target document: the
// 1.1 MB text with 10,000 annotation changes and 100,000 text edits (an editor typing and deleting in
// runs of 50 at random places). Compared with the document's own compacted state, and the time a
// Y.Doc takes to be built from that state and read (what answering "as of a moment" from Yjs alone
// would pay before replaying anything).
//   npx tsx bench/micro/history-costs.ts [rounds=3]

import { deflateSync } from 'node:zlib';
import * as Y from 'yjs';
import { readAnnotations } from '../../shared/model/read-annotations.js';
import { createSourceDocumentState } from '../../shared/model/source-document.js';
import { createAnnotation } from '../../shared/model/write-annotations.js';
import { median } from '../stats.js';
import { text } from './revision-case.js';

const rounds = Number(process.argv[2] ?? 3);
const doc = new Y.Doc();
Y.applyUpdate(doc, createSourceDocumentState(text));
const annotationUpdates: Uint8Array[] = [];
const record = (list: Uint8Array[]) => (update: Uint8Array) => list.push(update);
const onAnnotation = record(annotationUpdates);
doc.on('update', onAnnotation);
const author = { id: 'u-ana', name: 'Ana', color: '#c2255c' };
const step = Math.floor(text.length / 10_000);
for (let i = 0; i < 10_000; i++) {
  const start = i * step;
  const imported = { current: text, origin: { sourceId: null, creator: null, created: null, anchoredBy: 'position' as const }, comments: [] };
  doc.transact(() => createAnnotation(doc, { id: `a${i}`, start, end: start + 30, labels: ['claim'] }, author, '2026-12-08T00:00:00.000Z', imported));
}
doc.off('update', onAnnotation);

const editor = new Y.Doc();
Y.applyUpdate(editor, Y.encodeStateAsUpdate(doc));
const textUpdates: Uint8Array[] = [];
editor.on('update', record(textUpdates));
let seed = 3;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
const typed = editor.getText('source');
let at = 0;
for (let i = 0; i < 100_000; i++) {
  if (i % 50 === 0) at = Math.floor(random() * typed.length);
  if (random() < 0.8) typed.insert(at++, 'x');
  else if (at > 0) typed.delete(--at, 1);
}
for (const update of textUpdates) Y.applyUpdate(doc, update);

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
