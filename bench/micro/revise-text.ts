// A new version of the 1.1 MB text carrying 10,000 annotations (issue 26's target: applied and every
// health worked out in at most 1 s): 1 % of its lines deleted, reworded or inserted, applied to the
// document as the server does (shared/model/revise-text.ts), then every annotation's health.
//   npx tsx bench/micro/revise-text.ts [annotations=10000] [rounds=5]

import { healthCounts } from '../../shared/model/anchor-health.js';
import { reviseText, textEdits } from '../../shared/model/revise-text.js';
import { median } from '../stats.js';
import { annotatedDoc, revisedText, text } from './revision-case.js';

const annotationCount = Number(process.argv[2] ?? 10_000);
const rounds = Number(process.argv[3] ?? 5);
const after = revisedText();
const diffMs: number[] = [];
const applyMs: number[] = [];
const healthMs: number[] = [];
for (let round = 0; round < rounds; round++) {
  const doc = annotatedDoc(annotationCount);
  let t = performance.now();
  const edits = textEdits(text, after);
  diffMs.push(performance.now() - t);
  t = performance.now();
  reviseText(doc, after);
  applyMs.push(performance.now() - t);
  t = performance.now();
  const counts = healthCounts(doc);
  healthMs.push(performance.now() - t);
  if (round === 0) console.log(`${edits.length} edits; health ${JSON.stringify(counts)}`);
  doc.destroy();
}
const show = (ms: number[]) => `${Math.round(median(ms))} ms (${Math.round(Math.min(...ms))}–${Math.round(Math.max(...ms))})`;
console.log(
  `diff alone ${show(diffMs)}; diff and apply ${show(applyMs)}; every health ${show(healthMs)}; median total ${Math.round(median(applyMs) + median(healthMs))} ms`,
);
