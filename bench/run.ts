// `npm run bench`: starts each server, runs the chosen workloads against it with load clients in
// their own processes, prints one table per workload with Glossa's ratios, and saves JSON.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { foldRuns, measuredRuns, type RunsRecord } from './combine.js';
import { parseOptions } from './config.js';
import { environment } from './environment.js';
import { summariseProfiles } from './profile-summary.js';
import { renderAll, type ServerResult, type WorkloadReport } from './report.js';
import { REPO_ROOT } from './servers/child.js';
import { ALL_SERVERS, KNOWN_SERVERS, SUBJECT_ID } from './servers/registry.js';
import { glossaAt, glossaVariant } from './servers/glossa.js';
import { ratioIntervals } from './intervals.js';
import type { ServerSpec } from './servers/types.js';
import { DOCUMENT_TEXT } from './text.js';
import { round } from './stats.js';
import { ALL_WORKLOADS } from './workloads/registry.js';
import type { Value, Workload, WorkloadRun } from './workloads/types.js';
import { enablePinning } from './pin.js';

const options = parseOptions(process.argv.slice(2));
if (!options) process.exit(0);
if (options.pin) enablePinning();

const resultsDir = join(REPO_ROOT, 'bench', 'results');
const rawDir = join(resultsDir, 'raw');
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
mkdirSync(rawDir, { recursive: true });

const unknownServers = (options.servers ?? []).filter((id) => !KNOWN_SERVERS.some((s) => s.id === id));
const unknownWorkloads = options.workloads.filter((id) => !ALL_WORKLOADS.some((w) => w.id === id));
if (unknownServers.length || unknownWorkloads.length) {
  console.error(`unknown ${unknownServers.length ? `servers: ${unknownServers.join(', ')}` : `workloads: ${unknownWorkloads.join(', ')}`}`);
  process.exit(2);
}
// Opt-in servers (Glossa on PostgreSQL) run only when named.
const selected = options.servers ? KNOWN_SERVERS.filter((s) => options.servers!.includes(s.id)) : [...ALL_SERVERS];
if ((options.variant || options.against) && selected[0]?.id !== SUBJECT_ID) {
  console.error('--variant and --against compare with Glossa: include glossa in --servers');
  process.exit(2);
}
// Variants sit next to Glossa, so they are measured back to back in every repeat.
const variants = [
  ...(options.variant ? [glossaVariant(options.variant)] : []),
  ...(options.against ? [glossaAt(options.against, join(rawDir, 'builds'))] : []),
];
const servers = variants.length ? [selected[0]!, ...variants, ...selected.slice(1)] : selected;
// Glossa and its variants form one block, every other server a block of its own.
const blocks: ServerSpec[][] = variants.length
  ? [servers.slice(0, 1 + variants.length), ...servers.slice(1 + variants.length).map((s) => [s])]
  : servers.map((s) => [s]);

/**
 * The order the servers run in at one repeat: rotated by one place at every repeat, and Glossa's block
 * within itself, so that no server always runs first (on a 2-core VM the slot in the order moved a
 * server's p99 by as much as a change to its code did).
 */
function orderAt(repeat: number): ServerSpec[] {
  const rotated = <T>(list: readonly T[]): T[] => list.map((_, i) => list[(i + repeat) % list.length]!);
  return rotated(blocks).flatMap(rotated);
}
const workloads = ALL_WORKLOADS.filter((w) => options.workloads.includes(w.id));
const profileDir = options.profile ? join(rawDir, 'profiles', stamp) : undefined;

const started = Date.now();
const env = environment();
const log = (message: string) => console.error(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`);
let profileWindow: [number, number] | undefined;

/** One run of one workload on one server, in a fresh data directory. */
async function runOnce(workload: Workload, spec: ServerSpec, repeat: number): Promise<WorkloadRun> {
  const dataDir = mkdtempSync(join(rawDir, `data-${workload.id}-${spec.id}-`));
  // Profile only the first run of Glossa under the chosen workload.
  const wantsProfile = !!profileDir && workload.id === options!.profile && spec.id === SUBJECT_ID && repeat === 0;
  if (wantsProfile) mkdirSync(profileDir, { recursive: true });
  log(`${workload.id} on ${spec.label}${options!.repeat > 1 ? ` (run ${repeat + 1}/${options!.repeat})` : ''}`);
  try {
    const result = await workload.run({
      spec,
      sizes: options!.sizes,
      dataDir,
      clientProcesses: options!.clientProcesses,
      profileDir: wantsProfile ? profileDir : undefined,
      text: DOCUMENT_TEXT,
      log: (m) => log(`  ${spec.id}: ${m}`),
    });
    if (wantsProfile) profileWindow = result.window;
    return result;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    await spec.dispose?.(dataDir).catch((error: unknown) => log(`  ${spec.id}: could not remove its data: ${String(error)}`));
  }
}

const reports: WorkloadReport[] = [];
for (const workload of workloads) {
  const applicable = servers.filter((s) => workload.appliesTo(s));
  type RunRecord = { load: number; raw: unknown } | { load: number; error: string };
  const runs = new Map<string, { values: Record<string, Value>[]; raw: RunRecord[]; errors: string[] }>(
    applicable.map((s) => [s.id, { values: [], raw: [], errors: [] }]),
  );
  const recordOf = (id: string): RunsRecord => {
    const entry = runs.get(id)!;
    return { runs: entry.values, details: entry.raw };
  };
  // Repeats are interleaved across servers, so slow drift on a shared machine hits all of them.
  for (let repeat = 0; repeat < options.repeat; repeat++) {
    for (const spec of orderAt(repeat).filter((s) => applicable.includes(s))) {
      const entry = runs.get(spec.id)!;
      // The machine's load before the run: other work on a 2-core machine skews every figure.
      const load = round(loadavg()[0]!, 2);
      try {
        const { values, raw } = await runOnce(workload, spec, repeat);
        entry.values.push(values);
        entry.raw.push({ load, raw });
      } catch (error) {
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        entry.errors.push(message);
        entry.raw.push({ load, error: message });
        log(`  ${spec.id} failed: ${message}`);
      }
    }
  }
  const fold = foldRuns(workload);
  const subjectRuns = runs.get(SUBJECT_ID)?.errors.length === 0 ? measuredRuns(recordOf(SUBJECT_ID)) : [];
  const results: ServerResult[] = applicable.map((spec) => {
    const entry = runs.get(spec.id)!;
    const failed = entry.errors.length ? `${entry.errors.length} of ${options.repeat} runs failed: ${entry.errors[0]!.split('\n')[0]}` : undefined;
    if (entry.values.length === 0) return { server: spec.id, label: spec.label, values: {}, error: failed ?? 'no run', raw: entry.raw };
    const measured = measuredRuns(recordOf(spec.id));
    const values = fold(measured);
    // Ranges need runs paired by repeat: none when a run of either failed.
    const intervals = spec.id !== SUBJECT_ID && !failed ? ratioIntervals(subjectRuns, measured, fold) : undefined;
    return { server: spec.id, label: spec.label, values, intervals, note: failed, raw: recordOf(spec.id) };
  });
  reports.push({ id: workload.id, title: workload.title, metrics: workload.metrics(options.sizes), results });
}

const profile = profileDir ? summariseProfiles(profileDir, 25, profileWindow) : null;
const summary = {
  date: new Date().toISOString(),
  command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
  durationS: Math.round((Date.now() - started) / 1000),
  environment: env,
  sizes: options.sizes,
  repeat: options.repeat,
  workloads: reports.map((r) => ({ ...r, results: r.results.map(({ raw: _raw, ...rest }) => rest) })),
  profile,
};

const tables = renderAll(reports, SUBJECT_ID);
console.log(`\n${tables}`);
if (profile) {
  console.log(`CPU profile of Glossa under ${options.profile} (${profile.file}): ${profile.busyMs} ms busy, ${profile.idleMs} ms idle`);
  console.log('self time by package (% of busy):');
  for (const p of profile.byPackage.slice(0, 10)) console.log(`  ${p.selfPercent.toFixed(1).padStart(5)} %  ${p.name}`);
  console.log('top functions by self time (% of busy):');
  for (const f of profile.top.slice(0, 15)) console.log(`  ${f.selfPercent.toFixed(1).padStart(5)} %  ${f.name}  ${f.location}`);
  console.log('Glossa code and yjs/SQLite/ws entry points, inclusive (% of busy):');
  for (const f of profile.inclusive.slice(0, 20)) console.log(`  ${f.selfPercent.toFixed(1).padStart(5)} %  ${f.name}  ${f.location}`);
}

writeFileSync(join(rawDir, `run-${stamp}.json`), JSON.stringify({ ...summary, workloads: reports }, null, 2));
writeFileSync(join(resultsDir, 'latest.json'), JSON.stringify(summary, null, 2));
writeFileSync(join(resultsDir, 'latest.md'), tables);
if (options.out) writeFileSync(options.out, JSON.stringify(summary, null, 2));
log(`done; raw results in bench/results/raw/run-${stamp}.json, summary in bench/results/latest.json`);
