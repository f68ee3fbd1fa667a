// Lines workload A's rounds up with what each server did meanwhile: Glossa's merges and every
// server's garbage collections, as recorded with BENCH_TRACE_DIR (bench/servers/trace-events.mjs).
//
//   BENCH_TRACE_DIR=/tmp/trace npm run bench -- --workloads A …
//   npx tsx bench/round-events.ts bench/results/raw/run-….json /tmp/trace
//
// For each server and N: the mean round while one of Glossa's merges ran, against the mean of the
// other rounds. Merges happen at the same document sizes in every run, so the other servers'
// rounds at the same indices show what those rounds cost without a merge (the first rounds after
// the clients join are slower for everyone). Also each server's rounds that overlapped one of its
// own collections.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SUBJECT_ID } from './servers/registry.js';
import { round } from './stats.js';
import type { WorkloadReport } from './report.js';

interface Trace {
  pid: number;
  startedAt: number;
  stoppedAt: number;
  gc: { at: number; ms: number }[];
  merges: { at: number; id: number; phase: 'start' | 'end' }[];
}

interface Rounds {
  all: number[];
  startedAt: number[];
}

type Span = [number, number];

/** One run of one server at one N, and the trace of the server process that ran it (if recorded). */
interface TracedRun {
  rounds: Rounds;
  trace: Trace | undefined;
}

function readTraces(dir: string): Trace[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as Trace);
}

function mergeSpans(trace: Trace): Span[] {
  const starts = new Map<number, number>();
  const spans: Span[] = [];
  for (const event of trace.merges) {
    if (event.phase === 'start') starts.set(event.id, event.at);
    else if (starts.has(event.id)) spans.push([starts.get(event.id)!, event.at]);
  }
  return spans;
}

/** Indices of the rounds that overlap any of `spans`. */
function overlapping(rounds: Rounds, spans: readonly Span[]): number[] {
  const hits: number[] = [];
  rounds.all.forEach((ms, i) => {
    const start = rounds.startedAt[i]!;
    if (spans.some(([from, to]) => from < start + ms && to > start)) hits.push(i);
  });
  return hits;
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? NaN : values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** Mean of the rounds at `indices` and of the others, over every run. */
function compare(runs: readonly TracedRun[], indices: (run: TracedRun) => ReadonlySet<number>): { inside: number; outside: number; count: number } {
  const inside: number[] = [];
  const outside: number[] = [];
  for (const run of runs) {
    const chosen = indices(run);
    run.rounds.all.forEach((ms, i) => (chosen.has(i) ? inside : outside).push(ms));
  }
  return { inside: mean(inside), outside: mean(outside), count: inside.length };
}

/** The rounds of a run that overlapped one of its server's collections of 1 ms or more. */
function gcRounds({ rounds, trace }: TracedRun): Set<number> {
  const collections = (trace?.gc ?? []).filter((g) => g.ms >= 1).map((g): Span => [g.at, g.at + g.ms]);
  return new Set(overlapping(rounds, collections));
}

const [rawFile, traceDir] = process.argv.slice(2);
if (!rawFile || !traceDir) {
  console.error('usage: tsx bench/round-events.ts <raw results file> <BENCH_TRACE_DIR>');
  process.exit(2);
}
const traces = readTraces(traceDir);
const report = (JSON.parse(readFileSync(rawFile, 'utf8')) as { workloads: WorkloadReport[] }).workloads.find((w) => w.id === 'A');
if (!report) throw new Error(`${rawFile} has no workload A`);

/** server -> N -> its runs. */
const byServer = new Map<string, Map<string, TracedRun[]>>();
for (const result of report.results) {
  const details = (result.raw as { details?: { raw?: Record<string, { samples: Rounds }> }[] } | undefined)?.details ?? [];
  const byN = new Map<string, TracedRun[]>();
  for (const detail of details) {
    for (const [n, run] of Object.entries(detail.raw ?? {})) {
      const rounds = run.samples;
      if (!rounds.startedAt) throw new Error(`${rawFile}: rounds without start times (a run from before they were kept)`);
      const first = rounds.startedAt[0]!;
      const trace = traces.find((t) => t.startedAt <= first && (t.stoppedAt === 0 || first <= t.stoppedAt));
      byN.set(n, [...(byN.get(n) ?? []), { rounds, trace }]);
    }
  }
  byServer.set(result.server, byN);
}

// The round indices Glossa's merges overlapped, per N, over all its runs.
const mergeRounds = new Map<string, Set<number>>();
for (const [n, runs] of byServer.get(SUBJECT_ID) ?? []) {
  mergeRounds.set(n, new Set(runs.flatMap(({ rounds, trace }) => (trace ? overlapping(rounds, mergeSpans(trace)) : []))));
}

console.log(
  '| server | N | rounds during a Glossa merge (count) | their mean (ms) | other rounds (ms) | ratio | rounds during its own GC ≥ 1 ms (count) | their mean ÷ the others |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const [server, byN] of byServer) {
  for (const [n, runs] of byN) {
    const merges = compare(runs, () => mergeRounds.get(n) ?? new Set());
    const gc = compare(runs, gcRounds);
    const traced = runs.filter((run) => run.trace).length;
    const note = traced < runs.length ? ` (${runs.length - traced} of ${runs.length} runs untraced)` : '';
    console.log(
      `| ${server}${note} | ${n.slice(1)} | ${merges.count} | ${round(merges.inside)} | ${round(merges.outside)} | ${round(merges.inside / merges.outside)} | ${gc.count} | ${round(gc.inside / gc.outside)} |`,
    );
  }
}
