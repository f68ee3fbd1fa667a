// F. Saved acknowledgement at a steady load: W writers on one document (stock y-websocket providers
// connected with `params: { ack: 'saved' }`), each adding an annotation entry R times a second; the
// latency of an entry is from the moment its writer sent it to the moment the Saved message (type
// 100) covering it arrived, as the writer sees it. Also the server's CPU per entry, /healthz while
// they write, and the load processes' own event-loop delay (what the harness adds to a latency).
// Only servers with a saved acknowledgement (Glossa): the peers tell a client nothing of the kind.

import {
  ackTrace,
  clientLag,
  percentileOfMany,
  connectWriters,
  HealthPoller,
  healthLatencies,
  latencies,
  pairsIn,
  records,
  serverAcks,
  summary,
} from '../ack-latency.js';
import { CpuMeter } from '../proc-stats.js';
import { monoMs, percentile, round, sleep } from '../stats.js';
import type { Value, Workload } from './types.js';

interface Raw {
  /** Every measured entry's latency (ms, 0.01 ms), for the pooled percentiles. */
  latencies: number[];
  /** The server's part of each, as bench/servers/ack-trace.mjs saw it. */
  serverLatencies?: number[];
}

export const savedAck: Workload = {
  id: 'F',
  title: 'Saved acknowledgement at a steady load: writers on one document, send to Saved',
  metrics: (sizes) => [
    { key: 'p50', label: `${sizes.ackWriters} writers × ${sizes.ackRate} entries/s: ack latency p50`, unit: 'ms', better: 'lower' },
    { key: 'p90', label: 'ack latency p90', unit: 'ms', better: 'lower' },
    { key: 'p99', label: 'ack latency p99 (target < 100)', unit: 'ms', better: 'lower' },
    { key: 'p99Pooled', label: 'ack latency p99, every entry of every run pooled', unit: 'ms', better: 'lower' },
    { key: 'max', label: 'ack latency max', unit: 'ms', better: 'lower' },
    { key: 'slow', label: 'entries acknowledged after 100 ms or more', unit: 'count', better: 'lower' },
    { key: 'unacked', label: 'entries never acknowledged', unit: 'count', better: 'lower' },
    { key: 'written', label: 'entries written per s', unit: '/s', better: 'none' },
    { key: 'cpuPerEntry', label: 'server CPU per entry', unit: 'µs', better: 'lower' },
    { key: 'mainPerEntry', label: 'of which the main thread (the event loop)', unit: 'µs', better: 'lower' },
    { key: 'serverP50', label: 'the server’s part: sync update received → Saved sent, p50', unit: 'ms', better: 'lower' },
    { key: 'serverP99', label: 'the server’s part, p99', unit: 'ms', better: 'lower' },
    { key: 'serverP99Pooled', label: 'the server’s part, p99 pooled', unit: 'ms', better: 'lower' },
    { key: 'serverMax', label: 'the server’s part, max', unit: 'ms', better: 'lower' },
    { key: 'healthP99', label: '/healthz latency p99 while they write', unit: 'ms', better: 'lower' },
    { key: 'healthMax', label: '/healthz latency max', unit: 'ms', better: 'lower' },
    { key: 'clientLagP99', label: 'harness: load processes’ event-loop delay p99', unit: 'ms', better: 'none' },
    { key: 'clientLagMax', label: 'harness: load processes’ event-loop delay max', unit: 'ms', better: 'none' },
  ],
  appliesTo: (spec) => !!spec.savedAck,
  pooled(raws) {
    const all = (raws as (Raw | undefined)[]).flatMap((r) => r?.latencies ?? []);
    const server = (raws as (Raw | undefined)[]).flatMap((r) => r?.serverLatencies ?? []);
    return { p99Pooled: round(percentileOfMany(all, 99), 2), serverP99Pooled: round(percentileOfMany(server, 99), 2) };
  },
  async run(ctx) {
    const { ackWriters: writers, ackRate: rate, ackSeconds: seconds, ackWarmupSeconds: warmup } = ctx.sizes;
    const trace = ackTrace(ctx.dataDir, 'F');
    const server = await ctx.spec.start({ dataDir: ctx.dataDir, profileDir: ctx.profileDir, env: trace.env, imports: trace.imports });
    let stopped = false;
    let pool: Awaited<ReturnType<typeof connectWriters>> | null = null;
    const health = server.httpUrl ? new HealthPoller(server.httpUrl, 100) : null;
    try {
      const [room] = (await server.createDocuments(1, ctx.text)) as [string];
      pool = await connectWriters(ctx, server, room, writers);
      await pool.all('start', () => ({ rate }));
      await sleep(warmup * 1000);
      const from = monoMs();
      const cpu = new CpuMeter(server.pid);
      const mainCpu = new CpuMeter(server.pid, 'main-thread');
      await sleep(seconds * 1000);
      const to = monoMs();
      const cpuMs = cpu.elapsedMs();
      const mainMs = mainCpu.elapsedMs();
      await pool.all('stop', () => ({}));
      const unackedAtEnd = (await pool.all<number>('waitAcked', () => ({ timeoutMs: 30_000 }), 40_000)).reduce((a, b) => a + b, 0);
      const lag = await clientLag(pool);
      const all = await records(pool);
      const measured = latencies(all, from, to);
      const entries = measured.ms.length + measured.unacked;
      const stats = summary(measured.ms);
      const healthSamples = (await health?.stop()) ?? [];
      const healthMs = healthLatencies(healthSamples, from, to);
      await pool.all('leave', () => ({}));
      await server.stop();
      stopped = true;
      const serverMs = pairsIn(serverAcks(trace.file), from, to);
      const serverStats = summary(serverMs);
      ctx.log(
        `${entries} entries in ${seconds} s: ack p50 ${stats.p50} p99 ${stats.p99} max ${stats.max} ms (server's part p50 ${serverStats.p50} p99 ${serverStats.p99} max ${serverStats.max}), ${stats.slow} ≥ 100 ms, ${measured.unacked} unacked (${unackedAtEnd} at the end); healthz p99 ${round(percentile(healthMs, 99), 1)} ms; client lag p99 ${round(lag.p99, 1)} ms`,
      );
      const values: Record<string, Value> = {
        p50: stats.p50,
        p90: stats.p90,
        p99: stats.p99,
        max: stats.max,
        slow: stats.slow,
        unacked: measured.unacked,
        written: Math.round(entries / ((to - from) / 1000)),
        cpuPerEntry: Math.round((cpuMs * 1000) / entries),
        mainPerEntry: Math.round((mainMs * 1000) / entries),
        serverP50: serverStats.p50,
        serverP99: serverStats.p99,
        serverMax: serverStats.max,
        healthP99: round(percentile(healthMs, 99), 1),
        healthMax: round(healthMs.length ? Math.max(...healthMs) : Number.NaN, 1),
        clientLagP99: round(lag.p99, 1),
        clientLagMax: round(lag.max, 1),
      };
      const raw: Raw & Record<string, unknown> = {
        latencies: measured.ms.map((v) => round(v, 2)),
        serverLatencies: serverMs,
        slowest: [...measured.ms.keys()]
          .sort((a, b) => measured.ms[b]! - measured.ms[a]!)
          .slice(0, 20)
          .map((i) => ({ atS: round((measured.writtenAt[i]! - from) / 1000, 3), ms: round(measured.ms[i]!, 1) })),
        health: healthSamples.map((s) => ({ atS: round((s.at - from) / 1000, 3), ms: round(s.ms, 1), status: s.status })),
        cpuMs,
        mainMs,
        clientLag: lag,
      };
      return { values, raw, window: [from, to] };
    } finally {
      await health?.stop();
      if (pool) {
        await pool.all('leave', () => ({})).catch(() => undefined);
        await pool.close();
      }
      if (!stopped) await server.stop();
    }
  },
};
