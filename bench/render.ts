// Re-renders the tables of a saved summary (bench/results/*.json), with the current metric labels:
// `tsx bench/render.ts bench/results/run-ABCD.json [more.json ...]`. Given a raw results file
// (bench/results/raw/run-*.json, which keeps every run), it also works out the ratios' ranges
// (bench/intervals.ts) for runs made before the harness printed them.

import { readFileSync } from 'node:fs';
import { foldRuns, measuredRuns, type MeasuredRun, type RunsRecord } from './combine.js';
import type { Sizes } from './config.js';
import { ratioIntervals } from './intervals.js';
import { type ServerResult, type WorkloadReport, renderAll } from './report.js';
import { SUBJECT_ID } from './servers/registry.js';
import { ALL_WORKLOADS } from './workloads/registry.js';

/** A raw results file keeps every run of each server; pairing runs needs all of them to have succeeded. */
function pairableRuns(result: ServerResult): MeasuredRun[] | null {
  const record = result.raw as Partial<RunsRecord> | undefined;
  if (!record?.runs || !record.details || record.details.some((d) => 'error' in d)) return null;
  return measuredRuns(record as RunsRecord);
}

const reports: WorkloadReport[] = [];
for (const file of process.argv.slice(2)) {
  const summary = JSON.parse(readFileSync(file, 'utf8')) as { sizes: Sizes; workloads: WorkloadReport[] };
  for (const report of summary.workloads) {
    const workload = ALL_WORKLOADS.find((w) => w.id === report.id);
    const subject = report.results.find((r) => r.server === SUBJECT_ID);
    const subjectRuns = subject ? pairableRuns(subject) : null;
    const results = report.results.map((result) => {
      const runs = pairableRuns(result);
      if (result.intervals || result.server === SUBJECT_ID || !subjectRuns || !runs) return result;
      return { ...result, intervals: ratioIntervals(subjectRuns, runs, foldRuns(workload)) };
    });
    reports.push({ ...report, results, metrics: workload ? workload.metrics(summary.sizes) : report.metrics });
  }
}
if (reports.length === 0) {
  console.error('usage: tsx bench/render.ts SUMMARY.json ...');
  process.exit(2);
}
console.log(renderAll(reports, SUBJECT_ID));
