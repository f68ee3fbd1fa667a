// A new version of the 1.1 MB text carrying 10,000 annotations (issue 26's target: applied and every
// health worked out in at most 1 s): 1 % of its lines deleted, reworded or inserted, applied to the
// document as the server does (shared/model/revise-text.ts), then every annotation's health.
//   npx tsx bench/micro/revise-text.ts [annotations=10000] [rounds=5]

import { readFileSync } from 'node:fs';
import * as Y from 'yjs';
import { healthCounts } from '../../shared/model/anchor-health.js';
import { createAnnotation } from '../../shared/model/write-annotations.js';
import { reviseText, textEdits } from '../../shared/model/revise-text.js';
import { median } from '../stats.js';

const annotationCount = Number(process.argv[2] ?? 10_000);
const rounds = Number(process.argv[3] ?? 5);
const text = readFileSync(new URL('../../../shared/corpus/shakespeare.txt', import.meta.url), 'utf8');

/** 1 % of the lines changed, the same ones each round: a third deleted, a third reworded, a third followed by a new line. */
function revised(): string {
  let seed = 7;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const r = random();
    if (r < 0.0033) continue;
    if (r < 0.0066) out.push(line.replace(/\b\w+\b/, 'changed'));
    else out.push(line);
    if (r >= 0.0066 && r < 0.01) out.push('A line inserted in the new version.');
  }
  return out.join('\n');
}

function annotated(): Y.Doc {
  const doc = new Y.Doc();
  doc.getText('source').insert(0, text);
  const author = { id: 'u-ana', name: 'Ana', color: '#c2255c' };
  const step = Math.floor(text.length / annotationCount);
  for (let i = 0; i < annotationCount; i++) {
    const start = i * step;
    createAnnotation(doc, { id: `a${i}`, start, end: start + Math.min(40, step - 1), labels: ['claim'] }, author, '2026-12-07T00:00:00.000Z');
  }
  return doc;
}

const after = revised();
const diffMs: number[] = [];
const applyMs: number[] = [];
const healthMs: number[] = [];
for (let round = 0; round < rounds; round++) {
  const doc = annotated();
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
