// What workloads F and G share: writers that ask for saved acknowledgements, split over the load
// processes; acknowledgement latencies cut from their records; and /healthz polled while they write.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClientPool, split } from './clients/pool.js';
import type { WriterRecord } from './clients/ack-client.js';
import type { RunningServer } from './servers/types.js';
import { monoMs, percentile, round, sleep } from './stats.js';
import type { WorkloadContext } from './workloads/types.js';

/** Latencies of at least this are counted (the target of issue 23: p99 under 100 ms). */
export const SLOW_ACK_MS = 100;

/** Starts the load processes and connects `writers` acknowledged writers to `room`, each synced. */
export async function connectWriters(ctx: WorkloadContext, server: RunningServer, room: string, writers: number): Promise<ClientPool> {
  const processes = Math.min(ctx.clientProcesses, writers);
  const pool = new ClientPool('./ack-client.ts', processes);
  const counts = split(writers, processes);
  await Promise.all(
    pool.processes.map((p, i) =>
      p.call('connect', { url: server.providerUrl, room, count: counts[i], firstWriter: counts.slice(0, i).reduce((a, b) => a + b, 0) }, 120_000),
    ),
  );
  return pool;
}

export async function records(pool: ClientPool, timeoutMs = 60_000): Promise<WriterRecord[]> {
  return (await pool.all<WriterRecord[]>('records', () => ({}), timeoutMs)).flat();
}

/** The slowest load process's event-loop delay (ms) while the writers ran. */
export async function clientLag(pool: ClientPool): Promise<{ p99: number; max: number }> {
  const lags = await pool.all<{ p50: number; p99: number; max: number }>('eventLoop', () => ({}), 240_000);
  return { p99: Math.max(...lags.map((l) => l.p99)), max: Math.max(...lags.map((l) => l.max)) };
}

export interface Latencies {
  /** Acknowledgement latency (ms) of every entry that passed the filter and was acknowledged. */
  ms: number[];
  /** Entries that passed the filter but were never acknowledged. */
  unacked: number;
  /** When each of them was written (monoMs), in the same order as `ms`. */
  writtenAt: number[];
  /** And by which writer. */
  writers: WriterRecord[];
}

/** Each latency of `after` less the time its writer's process was stalled between the write and the Saved message. */
export function lessOwnStalls(after: Latencies): number[] {
  return after.ms.map((ms, i) => {
    const from = after.writtenAt[i]!;
    const to = from + ms;
    let stalled = 0;
    for (const [a, b] of after.writers[i]!.stalls) stalled += Math.max(0, Math.min(b, to) - Math.max(a, from));
    return ms - stalled;
  });
}

/** Receive → Saved latency of the entries written in [from, to) that `keep` accepts (by writer and entry index). */
export function latencies(all: readonly WriterRecord[], from: number, to: number, keep: (w: WriterRecord, i: number) => boolean = () => true): Latencies {
  const ms: number[] = [];
  const writtenAt: number[] = [];
  const writers: WriterRecord[] = [];
  let unacked = 0;
  for (const w of all) {
    for (let i = 0; i < w.writtenAt.length; i++) {
      const at = w.writtenAt[i]!;
      if (at < from || at >= to || !keep(w, i)) continue;
      const acked = w.ackedAt[i]!;
      if (Number.isNaN(acked)) unacked++;
      else {
        ms.push(acked - at);
        writtenAt.push(at);
        writers.push(w);
      }
    }
  }
  return { ms, unacked, writtenAt, writers };
}

export function summary(values: readonly number[]): { p50: number; p90: number; p99: number; max: number; slow: number } {
  return {
    p50: round(percentile(values, 50), 2),
    p90: round(percentile(values, 90), 2),
    p99: round(percentile(values, 99), 2),
    max: round(values.length ? Math.max(...values) : Number.NaN, 1),
    slow: values.filter((v) => v >= SLOW_ACK_MS).length,
  };
}

export interface HealthSample {
  /** When the request was sent (monoMs). */
  at: number;
  ms: number;
  /** HTTP status; -1 when the request failed (the server was down), 0 when it had no answer within 30 s. */
  status: number;
}

/** GET /healthz back to back, `everyMs` apart, until stopped: how long the server takes to answer its health check. */
export class HealthPoller {
  private readonly samples: HealthSample[] = [];
  private stopped = false;
  private readonly loop: Promise<void>;

  constructor(
    private readonly url: string,
    everyMs: number,
  ) {
    this.loop = this.run(everyMs);
  }

  private async run(everyMs: number): Promise<void> {
    while (!this.stopped) {
      const at = monoMs();
      let status: number;
      try {
        const response = await fetch(`${this.url}/healthz`, { signal: AbortSignal.timeout(30_000) });
        await response.arrayBuffer();
        status = response.status;
      } catch (error) {
        // Down (killed, or not listening yet): -1; no answer within 30 s: 0 (counted, at 30 s or more).
        status = (error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError' ? 0 : -1;
      }
      const ms = monoMs() - at;
      this.samples.push({ at, ms, status });
      // A refused connection answers at once: wait the same gap as after an answer.
      await sleep(Math.max(1, everyMs - ms));
    }
  }

  async stop(): Promise<HealthSample[]> {
    this.stopped = true;
    await this.loop;
    return this.samples;
  }
}

/** Health checks sent in [from, to) that were answered or timed out: their latencies (ms). */
export function healthLatencies(samples: readonly HealthSample[], from: number, to: number): number[] {
  return samples.filter((s) => s.status >= 0 && s.at >= from && s.at < to).map((s) => s.ms);
}

const ACK_TRACE_PRELOAD = new URL('./servers/ack-trace.mjs', import.meta.url).href;

/** What to add to a server's start so that it notes its own side of each acknowledgement (bench/servers/ack-trace.mjs). */
export function ackTrace(dataDir: string, name: string): { file: string; env: Record<string, string>; imports: string[] } {
  const file = join(dataDir, `ack-trace-${name}.json`);
  return { file, env: { BENCH_ACK_TRACE_FILE: file }, imports: [ACK_TRACE_PRELOAD] };
}

/**
 * The server's receive → Saved-sent latencies, [received at (monoMs), ms, ms less the wait for the
 * client's answer to the server's sync step 1], once it has stopped; null if it wrote none.
 */
export function serverAcks(file: string): { pairs: [number, number, number][]; unacked: number; stalls: [number, number][] } | null {
  if (!existsSync(file)) return null;
  return JSON.parse(readFileSync(file, 'utf8')) as { pairs: [number, number, number][]; unacked: number; stalls: [number, number][] };
}

/**
 * The longest span in [from, to) the server's event loop was blocked, all of them added up (ms), and
 * the long ones (100 ms or more) as [start after `from` (s), length (ms)]: whether they came before
 * the writers were back, or while they wrote.
 */
export function serverStalls(trace: { stalls: [number, number][] } | null, from: number, to: number): { max: number; total: number; long: [number, number][] } {
  const clipped = (trace?.stalls ?? []).map(([a, b]): [number, number] => [Math.max(a, from), Math.max(0, Math.min(b, to) - Math.max(a, from))]);
  const spans = clipped.map(([, ms]) => ms).filter((ms) => ms > 0);
  return {
    long: clipped.filter(([, ms]) => ms >= 100).map(([at, ms]) => [round((at - from) / 1000, 2), round(ms, 0)]),
    max: round(spans.length ? Math.max(...spans) : 0, 1),
    total: round(
      spans.reduce((sum, ms) => sum + ms, 0),
      1,
    ),
  };
}

/** Latencies of the pairs received in [from, to); `own`: less the wait for the client's sync answer. */
export function pairsIn(trace: { pairs: [number, number, number][] } | null, from: number, to: number, own = false): number[] {
  return trace ? trace.pairs.filter(([at]) => at >= from && at < to).map(([, ms, ownMs]) => (own ? ownMs : ms)) : [];
}

/** The p-th percentile of many values, as stats.percentile, sorted as numbers (the pooled figures sort ~50,000 a thousand times over in the bootstrap). */
export function percentileOfMany(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
