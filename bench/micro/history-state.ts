// Issue 27's "state as of any moment in ≤ 300 ms, cold": the history kept as a checkpoint and the
// effects since (shared/model/history/), on the 1.1 MB text with 10,000 annotations. Measures what
// recording the effects costs per change (off the live path, in the history worker), how large a
// checkpoint is, and how long a state takes to rebuild from a checkpoint (read as JSON) and the
// effects of N changes after it: the numbers that set how far apart checkpoints may be.
//   npx tsx bench/micro/history-state.ts [edits=20000] [rounds=3]

import * as Y from 'yjs';
import { recordHistory } from '../../shared/model/history/history-recorder.js';
import { type HistoryEffect, type HistoryState, stateOf } from '../../shared/model/history/history-state.js';
import { stateAt } from '../../shared/model/history/state-at.js';
import type { AnnotationView, Label } from '../../shared/model/types.js';
import { median } from '../stats.js';
import { annotatedDoc } from './revision-case.js';
import { typing } from './history-case.js';

const edits = Number(process.argv[2] ?? 20_000);
const rounds = Number(process.argv[3] ?? 3);
const doc = annotatedDoc(10_000);
const checkpoint = JSON.stringify(((s) => ({ text: s.text, annotations: [...s.annotations.values()], labels: [...s.labels.values()] }))(stateOf(doc)));

const effects: HistoryEffect[] = [];
const updates = typing(doc, edits, 5);
recordHistory(doc, ({ effect }) => effects.push(effect));
let t = performance.now();
for (const update of updates) Y.applyUpdate(doc, update);
const recordMs = performance.now() - t;

function fromJson(json: string): HistoryState {
  const plain = JSON.parse(json) as { text: string; annotations: AnnotationView[]; labels: Label[] };
  return { text: plain.text, annotations: new Map(plain.annotations.map((a) => [a.id, a])), labels: new Map(plain.labels.map((l) => [l.id, l])) };
}

const rebuild = (count: number) => {
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    stateAt(fromJson(checkpoint), effects.slice(0, count));
    times.push(performance.now() - started);
  }
  return Math.round(median(times));
};
t = performance.now();
fromJson(checkpoint);
console.log(
  JSON.stringify({
    edits,
    recordedPerChangeMs: +(recordMs / edits).toFixed(3),
    checkpointBytes: checkpoint.length,
    checkpointParseMs: Math.round(performance.now() - t),
  }),
);
for (const count of [0, 100, 1_000, 5_000, 20_000].filter((n) => n <= edits))
  console.log(`state from a checkpoint and ${count} changes after it: ${rebuild(count)} ms`);
