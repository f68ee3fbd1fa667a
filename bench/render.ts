// Re-renders the tables of a saved summary (bench/results/*.json), with the current metric labels:
// `tsx bench/render.ts bench/results/run-ABCD.json [more.json ...]`.

import { readFileSync } from 'node:fs';
import type { Sizes } from './config.js';
import { type WorkloadReport, renderAll } from './report.js';
import { SUBJECT_ID } from './servers/registry.js';
import { ALL_WORKLOADS } from './workloads/registry.js';

const reports: WorkloadReport[] = [];
for (const file of process.argv.slice(2)) {
  const summary = JSON.parse(readFileSync(file, 'utf8')) as { sizes: Sizes; workloads: WorkloadReport[] };
  for (const report of summary.workloads) {
    const workload = ALL_WORKLOADS.find((w) => w.id === report.id);
    reports.push(workload ? { ...report, metrics: workload.metrics(summary.sizes) } : report);
  }
}
if (reports.length === 0) {
  console.error('usage: tsx bench/render.ts SUMMARY.json ...');
  process.exit(2);
}
console.log(renderAll(reports, SUBJECT_ID));
