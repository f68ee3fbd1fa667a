// Re-renders the tables of a saved summary (bench/results/*.json), with the current metric labels:
// `tsx bench/render.ts bench/results/run-ABCD.json [more.json ...]`. Given a raw results file
// (bench/results/raw/run-*.json, which keeps every run), it also works out the ratios' ranges
// (bench/intervals.ts) for runs made before the harness printed them.
//
// `--pool` takes several raw files of the same workloads and renders one table over all their
// repeats: each file's repeats stay paired with the same file's (they shared the machine's minute),
// so several runs on a noisy day count as one run with more repeats.

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

interface Summary {
  sizes: Sizes;
  workloads: WorkloadReport[];
}

function read(file: string): Summary {
  return JSON.parse(readFileSync(file, 'utf8')) as Summary;
}

function withIntervals(report: WorkloadReport, sizes: Sizes): WorkloadReport {
  const workload = ALL_WORKLOADS.find((w) => w.id === report.id);
  const subject = report.results.find((r) => r.server === SUBJECT_ID);
  const subjectRuns = subject ? pairableRuns(subject) : null;
  const results = report.results.map((result) => {
    const runs = pairableRuns(result);
    if (result.intervals || result.server === SUBJECT_ID || !subjectRuns || !runs) return result;
    return { ...result, intervals: ratioIntervals(subjectRuns, runs, foldRuns(workload)) };
  });
  return { ...report, results, metrics: workload ? workload.metrics(sizes) : report.metrics };
}

/**
 * One report per workload over every file's repeats. A server counts only where every file ran it
 * and Glossa the same number of times, so that repeat i of each pairs with the same minute.
 */
function pooled(summaries: Summary[]): WorkloadReport[] {
  const ids = [...new Set(summaries.flatMap((s) => s.workloads.map((w) => w.id)))];
  return ids.map((id) => {
    const reports = summaries.map((s) => s.workloads.find((w) => w.id === id));
    if (reports.some((r) => !r)) throw new Error(`workload ${id} is not in every file`);
    const workload = ALL_WORKLOADS.find((w) => w.id === id);
    const first = reports[0]!;
    const results: ServerResult[] = [];
    for (const { server, label } of first.results) {
      const perFile = reports.map((report) => {
        const runs = report!.results.find((r) => r.server === server);
        const subject = report!.results.find((r) => r.server === SUBJECT_ID);
        const mine = runs && pairableRuns(runs);
        const theirs = subject && pairableRuns(subject);
        return mine && theirs && mine.length === theirs.length ? mine : null;
      });
      if (perFile.some((runs) => !runs)) continue;
      const runs = perFile.flat() as MeasuredRun[];
      const record: RunsRecord = { runs: runs.map((r) => r.values), details: runs.map((r) => ({ raw: r.raw })) };
      results.push({ server, label, values: foldRuns(workload)(runs), raw: record });
    }
    return withIntervals({ ...first, results }, summaries[0]!.sizes);
  });
}

const args = process.argv.slice(2);
const pool = args.includes('--pool');
const files = args.filter((a) => a !== '--pool');
if (files.length === 0) {
  console.error('usage: tsx bench/render.ts [--pool] SUMMARY.json ...');
  process.exit(2);
}
const summaries = files.map(read);
const reports = pool ? pooled(summaries) : summaries.flatMap((s) => s.workloads.map((report) => withIntervals(report, s.sizes)));
console.log(renderAll(reports, SUBJECT_ID));
