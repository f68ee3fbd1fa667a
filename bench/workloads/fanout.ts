// A. Fan-out latency: one document, N clients, one writer adds an annotation-shaped entry per
// round; time until every other client has it, time to the first receiver, server CPU per round,
// and the harness's floor (what the load processes need just to apply the update).

import { ClientPool, split } from '../clients/pool.js';
import { CpuMeter } from '../proc-stats.js';
import { monoMs, percentile, round, sleep } from '../stats.js';
import type { Metric, Value, Workload, WorkloadContext } from './types.js';

const ROUND_TIMEOUT_MS = 10_000;
const GAP_MS = 5;
// Each load process holds 50-125 of the clients, and its heap grows by every round's entry in each
// of their documents (to ~140 MB at N = 100 by round 600). With V8's default sizing the process
// ran two or three full collections in that time, each holding all its clients for 10-60 ms: the
// same rounds (~90, ~550) were the slowest for every server, and they set the p99. One browser per
// person would not stall 50 people at once, so the old generation starts large enough that none of
// that growth triggers one (memory is taken as it is used, not reserved up front).
// The young generation did the same on a smaller scale: at N = 100 each load process ran ~136
// scavenges over 700 rounds, 11 ms on average and up to 31 ms, each stalling its 50 receivers in the
// middle of a round (`--trace-gc`). Sized so that no round fills it, and emptied between rounds
// (collectYoung, outside the measured time), it no longer collects while a round is measured: the
// round's time is the server's and the clients' work, not the harness's housekeeping.
const LOAD_PROCESS_FLAGS = ['--initial-old-space-size=1024', '--expose-gc', '--min-semi-space-size=64', '--max-semi-space-size=64'];

async function measure(ctx: WorkloadContext, pid: number, providerUrl: string, room: string, clients: number) {
  const processes = Math.min(ctx.clientProcesses, clients);
  const pool = new ClientPool('./fanout-client.ts', processes, LOAD_PROCESS_FLAGS);
  try {
    const counts = split(clients, processes);
    const base = { protocol: ctx.spec.protocol, url: providerUrl, room, seedText: ctx.spec.seedsText ? ctx.text : undefined };
    // Process 0 holds the writer and connects first, so a peer's document is seeded before the rest join.
    const [first, ...rest] = pool.processes;
    await first!.call('connect', { ...base, count: counts[0], withWriter: true }, 120_000);
    await Promise.all(rest.map((p, i) => p.call('connect', { ...base, count: counts[i + 1], withWriter: false }, 120_000)));

    const all: number[] = [];
    const firstReceiver: number[] = [];
    const startedAt: number[] = [];
    const lastProcess: number[] = [];
    const { fanoutWarmupRounds: warmup, fanoutRounds: rounds } = ctx.sizes;
    let cpu: CpuMeter | null = null;
    let mainCpu: CpuMeter | null = null;
    let measuredFrom = 0;
    for (let r = 0; r < warmup + rounds; r++) {
      if (r === warmup) {
        cpu = new CpuMeter(pid);
        mainCpu = new CpuMeter(pid, 'main-thread');
        measuredFrom = monoMs();
      }
      const [t0, ...perProcess] = await Promise.all([
        first!.call<number>('write', { round: r }),
        ...pool.processes.map((p) => p.call<number[]>('awaitRound', { round: r, timeoutMs: ROUND_TIMEOUT_MS }, ROUND_TIMEOUT_MS + 5_000)),
      ]);
      const arrivals = perProcess.flat();
      if (r >= warmup) {
        all.push(Math.max(...arrivals) - t0);
        startedAt.push(t0);
        firstReceiver.push(Math.min(...arrivals) - t0);
        // Which load process was last: a tail that is always one process is the harness, not the server.
        const lasts = perProcess.map((times) => Math.max(...times));
        lastProcess.push(lasts.indexOf(Math.max(...lasts)));
      }
      await pool.all('collectYoung', () => ({}));
      await sleep(GAP_MS);
    }
    const cpuPerRound = cpu!.elapsedMs() / rounds;
    const mainCpuPerRound = mainCpu!.elapsedMs() / rounds;
    const window: [number, number] = [measuredFrom, monoMs()];
    const floors = await pool.all<number>('applyFloor', () => ({ samples: 30 }), 120_000);
    await pool.all('leave', () => ({}));
    return {
      p50: percentile(all, 50),
      p95: percentile(all, 95),
      p99: percentile(all, 99),
      first50: percentile(firstReceiver, 50),
      first99: percentile(firstReceiver, 99),
      cpuPerRound,
      mainCpuPerRound,
      floor: Math.max(...floors),
      samples: { all, firstReceiver, lastProcess, startedAt },
      window,
    };
  } finally {
    await pool.close();
  }
}

export const fanout: Workload = {
  id: 'A',
  title: 'Fan-out latency: one writer, N clients on one document',
  metrics(sizes) {
    return sizes.fanoutClients.flatMap((n): Metric[] => [
      { key: `n${n}.p50`, label: `N=${n}: p50 to all`, unit: 'ms', better: 'lower' },
      { key: `n${n}.p95`, label: `N=${n}: p95 to all`, unit: 'ms', better: 'lower' },
      { key: `n${n}.p99`, label: `N=${n}: p99 to all`, unit: 'ms', better: 'lower' },
      { key: `n${n}.p99pooled`, label: `N=${n}: p99 to all, every round of every run pooled`, unit: 'ms', better: 'lower' },
      { key: `n${n}.first50`, label: `N=${n}: first receiver p50`, unit: 'ms', better: 'lower' },
      { key: `n${n}.cpu`, label: `N=${n}: server CPU per round`, unit: 'ms', better: 'lower' },
      // The rest is V8's GC and compiler threads and the server's own worker threads.
      { key: `n${n}.cpuMain`, label: `N=${n}: of which the main thread (the event loop)`, unit: 'ms', better: 'lower' },
      { key: `n${n}.floor`, label: `N=${n}: harness floor (clients apply only)`, unit: 'ms', better: 'none' },
    ]);
  },
  appliesTo: () => true,
  // A run's p99 is its sixth-slowest round of 600: one stall moves it. All runs' rounds together give
  // a steadier figure to steer by (3,000 rounds at --repeat 5).
  pooled(raws) {
    const runs = raws as Record<string, { samples: { all: number[] } } | undefined>[];
    const keys = new Set(runs.flatMap((run) => Object.keys(run)));
    const values: Record<string, Value> = {};
    for (const key of keys) {
      const all = runs.flatMap((run) => run[key]?.samples.all ?? []);
      if (all.length > 0) values[`${key}.p99pooled`] = round(percentile(all, 99));
    }
    return values;
  },
  async run(ctx) {
    const server = await ctx.spec.start({ dataDir: ctx.dataDir, profileDir: ctx.profileDir });
    const values: Record<string, Value> = {};
    const raw: Record<string, unknown> = {};
    // A profile under A covers the measured rounds of the first N (not the later N's connecting).
    let window: [number, number] | undefined;
    try {
      for (const n of ctx.sizes.fanoutClients) {
        const [room] = await server.createDocuments(1, ctx.text);
        const r = await measure(ctx, server.pid, server.providerUrl, room!, n);
        window ??= r.window;
        ctx.log(
          `N=${n}: p50 ${round(r.p50)} p99 ${round(r.p99)} first ${round(r.first50)} cpu/round ${round(r.cpuPerRound)} (main ${round(r.mainCpuPerRound)}) floor ${round(r.floor)}`,
        );
        values[`n${n}.p50`] = round(r.p50);
        values[`n${n}.p95`] = round(r.p95);
        values[`n${n}.p99`] = round(r.p99);
        values[`n${n}.first50`] = round(r.first50);
        values[`n${n}.cpu`] = round(r.cpuPerRound);
        values[`n${n}.cpuMain`] = round(r.mainCpuPerRound);
        values[`n${n}.floor`] = round(r.floor);
        // Every round in order, with when it started (raw results only): to line slow rounds up with
        // the server's GC or merges (BENCH_TRACE_DIR, bench/round-events.ts).
        const { window: _window, ...kept } = r;
        const samples = {
          all: r.samples.all.map((v) => round(v, 2)),
          lastProcess: r.samples.lastProcess,
          startedAt: r.samples.startedAt.map((v) => round(v, 2)),
        };
        raw[`n${n}`] = { ...kept, first99: round(r.first99), samples };
      }
    } finally {
      await server.stop();
    }
    return { values, raw, window };
  },
};
