// G. Saved acknowledgement right after a kill -9: the writers of F fill one document's update log
// with N entries (the server started with compaction off, so they stay in the log as rows, as
// after a crash that came before compacting; --restart-compaction: as the server compacts by default), the server is killed (SIGKILL) while they write,
// and started again on the same port as users run it. The writers reconnect and resync by
// themselves (stock providers, their own backoff) and never stop writing. Measured from the
// moment the new server listens: when the first Saved message arrived, when every writer had one,
// when the entries written while it was down were all acknowledged, the latency of entries sent
// over an open socket in the first seconds, and /healthz. Also, from the log as the kill left it,
// how many entries were stored but not yet acknowledged at that moment.

import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import * as Y from 'yjs';
import {
  ackTrace,
  clientLag,
  percentileOfMany,
  connectWriters,
  HealthPoller,
  healthLatencies,
  latencies,
  lessOwnStalls,
  pairsIn,
  records,
  serverAcks,
  serverStalls,
  summary,
} from '../ack-latency.js';
import type { WriterRecord } from '../clients/ack-client.js';
import { freePort } from '../servers/child.js';
import { monoMs, percentile, round, sleep } from '../stats.js';
import type { Value, Workload } from './types.js';

/**
 * While the log is filled: nothing is compacted, by the room (rows, bytes) or by the sweep. The
 * variables are what builds from before server/tuning.ts read (`--against` an older commit).
 */
const NO_COMPACTION = {
  GLOSSA_TUNING: JSON.stringify({ compactMaxRows: 1_000_000_000, compactMaxBytes: 2_000_000_000, sweepIntervalMs: 0 }),
  COMPACT_MAX_ROWS: '1000000000',
  COMPACT_MAX_BYTES: '2000000000',
  SWEEP_INTERVAL_MS: '0',
};
/** The first seconds after listening hold what was sent during the load; the rest is read apart as well. */
const SETTLED_AFTER_MS = 3_000;
/** Writing goes on this long after the log is full before the kill: the kill falls in a steady stream. */
const STEADY_BEFORE_KILL_MS = 3_000;

interface LogAtKill {
  rows: number;
  bytes: number;
  /** Each client's clock as stored (the highest end of its structs over all rows). */
  stored: Map<number, number>;
}

/** The document's rows as a SQLite file copied at the kill, or read from PostgreSQL then. */
function readLog(rows: Iterable<{ data: Uint8Array }>): LogAtKill {
  const stored = new Map<number, number>();
  let count = 0;
  let bytes = 0;
  for (const { data } of rows) {
    count++;
    bytes += data.byteLength;
    for (const [client, clock] of Y.parseUpdateMeta(data).to) stored.set(client, Math.max(clock, stored.get(client) ?? 0));
  }
  return { rows: count, bytes, stored };
}

/** Copies the SQLite file (and its WAL) as the kill left it; read after the measurement. */
function copySqlite(dataDir: string): string | null {
  const db = join(dataDir, 'glossa.db');
  if (!existsSync(db)) return null;
  const dir = join(dataDir, 'at-kill');
  mkdirSync(dir, { recursive: true });
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(db + suffix)) copyFileSync(db + suffix, join(dir, `glossa.db${suffix}`));
  return join(dir, 'glossa.db');
}

function sqliteLog(file: string, documentId: string): LogAtKill {
  const db = new Database(file);
  try {
    return readLog(db.prepare('select data from document_updates where document_id = ? order by id').all(documentId) as { data: Buffer }[]);
  } finally {
    db.close();
  }
}

async function postgresLog(url: string, documentId: string): Promise<LogAtKill> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ data: Buffer }>('select data from document_updates where document_id = $1 order by id', [documentId]);
    return readLog(result.rows);
  } finally {
    await client.end();
  }
}

/** Entries (by writer) stored but not acknowledged, and sent but not stored, at the kill. */
function atKill(all: readonly WriterRecord[], log: LogAtKill, killAt: number): { storedNotAcked: number; sentNotStored: number } {
  let storedNotAcked = 0;
  let sentNotStored = 0;
  for (const w of all) {
    const stored = log.stored.get(w.clientId) ?? 0;
    for (let i = 0; i < w.writtenAt.length && w.writtenAt[i]! < killAt; i++) {
      const clock = w.clocks[i]!;
      const ackedBefore = w.ackedAt[i]! < killAt;
      if (clock <= stored && !ackedBefore) storedNotAcked++;
      if (clock > stored && w.online[i]) sentNotStored++;
    }
  }
  return { storedNotAcked, sentNotStored };
}

const first = <T>(values: T[], test: (v: T) => boolean) => values.find(test);

export const restartAck: Workload = {
  id: 'G',
  title: 'Saved acknowledgement right after a kill -9 and restart, writers resyncing by themselves',
  metrics: (sizes) => [
    {
      key: 'logRows',
      label: `${sizes.ackWriters} writers × ${sizes.ackRate} entries/s, ${sizes.restartEntries} entries ${sizes.restartCompaction ? 'in the document (compacted as by default)' : 'in the log'}: log rows at the kill`,
      unit: 'count',
      better: 'none',
    },
    { key: 'logMiB', label: 'log bytes at the kill', unit: 'MiB', better: 'none' },
    { key: 'storedNotAcked', label: 'entries stored but not yet acknowledged at the kill', unit: 'count', better: 'lower' },
    { key: 'sentNotStored', label: 'entries sent but not stored at the kill (sent again on reconnect)', unit: 'count', better: 'none' },
    { key: 'p99Before', label: 'before the kill: ack latency p99 of the last 2.5 s', unit: 'ms', better: 'lower' },
    { key: 'downMs', label: 'kill → the new server listening', unit: 'ms', better: 'lower' },
    { key: 'reconnectedMs', label: 'listening → every writer’s socket open again', unit: 'ms', better: 'none' },
    {
      key: 'everyWriterSyncedMs',
      label: 'listening → every writer had the server’s answer (everyone’s edits from while it was down)',
      unit: 'ms',
      better: 'lower',
    },
    { key: 'firstAckMs', label: 'listening → the first Saved message', unit: 'ms', better: 'lower' },
    { key: 'everyWriterAckMs', label: 'listening → every writer had a Saved message', unit: 'ms', better: 'lower' },
    { key: 'backlogAckedMs', label: 'listening → every entry written before it acknowledged', unit: 'ms', better: 'lower' },
    { key: 'p50', label: 'entries sent over an open socket in the first seconds: ack latency p50', unit: 'ms', better: 'lower' },
    { key: 'p99', label: 'ack latency p99 (target < 100)', unit: 'ms', better: 'lower' },
    { key: 'p99Pooled', label: 'ack latency p99, every entry of every run pooled', unit: 'ms', better: 'lower' },
    { key: 'max', label: 'ack latency max', unit: 'ms', better: 'lower' },
    { key: 'slow', label: 'entries acknowledged after 100 ms or more', unit: 'count', better: 'lower' },
    { key: 'p99LessStalls', label: 'ack latency p99 less the writer process’s own stalls (10 ms or more) in between', unit: 'ms', better: 'lower' },
    { key: 'serverP50', label: 'the server’s part (sync update received → Saved sent) in the first seconds, p50', unit: 'ms', better: 'lower' },
    { key: 'serverP99', label: 'the server’s part, p99', unit: 'ms', better: 'lower' },
    { key: 'serverP99Pooled', label: 'the server’s part, p99 pooled', unit: 'ms', better: 'lower' },
    { key: 'serverMax', label: 'the server’s part, max', unit: 'ms', better: 'lower' },
    { key: 'serverOwnP99', label: 'the server’s own part (less the wait for the writer’s answer to its sync step 1), p99', unit: 'ms', better: 'lower' },
    { key: 'serverOwnMax', label: 'the server’s own part, max', unit: 'ms', better: 'lower' },
    { key: 'serverStallMax', label: 'the server’s event loop blocked in the first seconds (frames wait unread): longest', unit: 'ms', better: 'lower' },
    { key: 'serverStallTotal', label: 'the server’s event loop blocked in the first seconds: in all', unit: 'ms', better: 'lower' },
    { key: 'writerGcMax', label: 'writers’ processes: longest garbage-collection pause in the first seconds', unit: 'ms', better: 'none' },
    { key: 'writerGcTotal', label: 'writers’ processes: time in garbage collection in the first seconds (the busiest process)', unit: 'ms', better: 'none' },
    { key: 'p99Settled', label: 'ack latency p99 of entries sent from 3 s after listening on', unit: 'ms', better: 'lower' },
    { key: 'settledS', label: 'the last entry acknowledged after 100 ms or more was sent at (after listening)', unit: 's', better: 'lower' },
    { key: 'healthP50', label: '/healthz latency p50 in the first seconds', unit: 'ms', better: 'lower' },
    { key: 'healthMax', label: '/healthz latency max in the first seconds', unit: 'ms', better: 'lower' },
    { key: 'healthSlow', label: '/healthz answers that took 100 ms or more', unit: 'count', better: 'lower' },
    { key: 'lost', label: 'entries missing on a fresh client at the end', unit: 'count', better: 'lower' },
    { key: 'writersBehind', label: 'writers without every entry, or holding updates back, at the end', unit: 'count', better: 'lower' },
    { key: 'clientLagMax', label: 'harness: load processes’ event-loop delay max', unit: 'ms', better: 'none' },
  ],
  appliesTo: (spec) => !!spec.savedAck,
  pooled(raws) {
    const runs = raws as ({ latencies?: number[]; serverLatencies?: number[] } | undefined)[];
    const all = runs.flatMap((r) => r?.latencies ?? []);
    const server = runs.flatMap((r) => r?.serverLatencies ?? []);
    return { p99Pooled: round(percentileOfMany(all, 99), 2), serverP99Pooled: round(percentileOfMany(server, 99), 2) };
  },
  async run(ctx) {
    const { ackWriters: writers, ackRate: rate, restartEntries: entries, restartWindowSeconds: windowS } = ctx.sizes;
    const port = await freePort();
    let server = await ctx.spec.start({ dataDir: ctx.dataDir, port, env: ctx.sizes.restartCompaction ? {} : NO_COMPACTION });
    const httpUrl = server.httpUrl!;
    let pool: Awaited<ReturnType<typeof connectWriters>> | null = null;
    const health = new HealthPoller(httpUrl, 50);
    let stopped = false;
    try {
      const [room] = (await server.createDocuments(1, ctx.text)) as [string];
      pool = await connectWriters(ctx, server, room, writers);
      await pool.all('start', () => ({ rate }));
      const fillUntil = monoMs() + (8 * entries * 1000) / (writers * rate) + 60_000;
      for (;;) {
        const written = (await pool.all<{ written: number }>('progress', () => ({}))).reduce((n, p) => n + p.written, 0);
        if (written >= entries) break;
        if (monoMs() > fillUntil) throw new Error(`only ${written} of ${entries} entries written in time`);
        await sleep(250);
      }
      await sleep(STEADY_BEFORE_KILL_MS);

      // kill -9 in the middle of the stream, and start again on the same port as users run it.
      const databaseUrl = server.databaseUrl ?? '';
      const killAt = monoMs();
      await server.kill();
      // The log as the kill left it: a copy of the SQLite file now (a few ms), or PostgreSQL's rows
      // read while the server starts (it compacts them away soon after).
      const postgres = /^postgres(ql)?:/.test(databaseUrl);
      const sqliteCopy = postgres ? null : copySqlite(ctx.dataDir);
      const postgresRead = postgres ? postgresLog(databaseUrl, room).catch(() => null) : null;
      const trace = ackTrace(ctx.dataDir, 'G');
      server = await ctx.spec.start({ dataDir: ctx.dataDir, port, profileDir: ctx.profileDir, env: trace.env, imports: trace.imports });
      const readyAt = monoMs();
      ctx.log(`killed at ${entries}+ entries; listening again after ${Math.round(readyAt - killAt)} ms`);
      // Progress each second, for the log: entries written and acknowledged (a busy load process answers
      // late; the window ends on time regardless).
      const progress: { atS: number; written: number; acked: number }[] = [];
      let watching = true;
      const watch = (async () => {
        while (watching) {
          await sleep(1_000);
          const now = (await pool.all<{ written: number; acked: number }>('progress', () => ({}), 240_000)).reduce(
            (a, p) => ({ written: a.written + p.written, acked: a.acked + p.acked }),
            { written: 0, acked: 0 },
          );
          progress.push({ atS: round((monoMs() - readyAt) / 1000, 2), ...now });
        }
      })().catch(() => undefined);
      await sleep(windowS * 1000);
      watching = false;
      const windowEnd = monoMs();
      await watch;
      ctx.log(`after listening: ${progress.map((p) => `${p.atS} s ${p.written - p.acked} unacked`).join(', ')}`);

      await pool.all('stop', () => ({}), 240_000);
      // A load process may be busy for a long while after a restart (its 10 writers each applying
      // everyone's backlog): a late answer is waited for, and one that never comes counts as unknown.
      const unacked = await pool
        .all<number>('waitAcked', () => ({ timeoutMs: 60_000 }), 240_000)
        .then((counts) => counts.reduce((a, b) => a + b, 0))
        .catch(() => Number.NaN);
      const lag = await clientLag(pool);
      const all = await records(pool, 240_000);
      const expected = all.map((w) => [w.index, w.writtenAt.length] as [number, number]);
      const check = await pool.processes[0]!.call<{ entries: number; missing: number }>(
        'verify',
        { url: server.providerUrl, room, expected, timeoutMs: 60_000 },
        70_000,
      ).catch((error: unknown) => ({ entries: Number.NaN, missing: Number.NaN, error: String(error) }));
      const converged = await pool
        .all<{ behind: number; pending: number }>('converged', () => ({ entries: check.entries, timeoutMs: 30_000 }), 40_000)
        .then((counts) => counts.reduce((sum, c) => ({ behind: sum.behind + c.behind, pending: sum.pending + c.pending }), { behind: 0, pending: 0 }))
        .catch(() => ({ behind: Number.NaN, pending: Number.NaN }));
      const healthSamples = await health.stop();
      await pool.all('leave', () => ({}));
      await server.stop();
      stopped = true;
      const traced = serverAcks(trace.file);
      const serverMs = pairsIn(traced, readyAt, windowEnd);
      const serverStats = summary(serverMs);
      const serverOwn = summary(pairsIn(traced, readyAt, windowEnd, true));
      const stalled = serverStalls(traced, readyAt, windowEnd);

      const log = sqliteCopy ? sqliteLog(sqliteCopy, room) : await postgresRead;
      const kill = log ? atKill(all, log, killAt) : null;
      // Sent over an open socket after the new server listened, in the window.
      const after = latencies(all, readyAt, windowEnd, (w, i) => w.online[i]! && w.writtenAt[i]! > (first(w.opens, (t) => t > killAt) ?? Infinity));
      const stats = summary(after.ms);
      const lessStalls = summary(lessOwnStalls(after));
      // Sent at least 500 ms before the kill: any acknowledged only after the restart count, as they should.
      const before = latencies(all, killAt - STEADY_BEFORE_KILL_MS, killAt - 500);
      const acksAfter = all.map((w) => first(w.acks, (t) => t > readyAt) ?? Number.NaN);
      const opensAfter = all.map((w) => first(w.opens, (t) => t > killAt) ?? Number.NaN);
      const syncsAfter = all.map((w) => first(w.syncs, (t) => t > killAt) ?? Number.NaN);
      // Written before the new server listened and not acknowledged before the kill: in flight at the kill, or written while it was down.
      const backlog = all.flatMap((w) => w.writtenAt.flatMap((t, i) => (t < readyAt && !(w.ackedAt[i]! < killAt) ? [w.ackedAt[i]!] : [])));
      const slowAt = after.ms.flatMap((ms, i) => (ms >= 100 ? [after.writtenAt[i]!] : []));
      const healthMs = healthLatencies(healthSamples, readyAt, windowEnd);
      const gcIn = (pauses: [number, number][]) => pauses.map(([a, b]) => Math.max(0, Math.min(b, windowEnd) - Math.max(a, readyAt)));
      const values: Record<string, Value> = {
        logRows: log?.rows ?? null,
        logMiB: log ? round(log.bytes / 2 ** 20, 2) : null,
        storedNotAcked: kill?.storedNotAcked ?? null,
        sentNotStored: kill?.sentNotStored ?? null,
        p99Before: round(percentile(before.ms, 99), 1),
        downMs: Math.round(readyAt - killAt),
        reconnectedMs: Math.round(Math.max(...opensAfter) - readyAt),
        everyWriterSyncedMs: Math.round(Math.max(...syncsAfter) - readyAt),
        firstAckMs: Math.round(Math.min(...acksAfter) - readyAt),
        everyWriterAckMs: Math.round(Math.max(...acksAfter) - readyAt),
        backlogAckedMs: Math.round(Math.max(...backlog) - readyAt),
        p50: stats.p50,
        p99: stats.p99,
        max: stats.max,
        slow: stats.slow,
        p99LessStalls: lessStalls.p99,
        serverP50: serverStats.p50,
        serverP99: serverStats.p99,
        serverMax: serverStats.max,
        serverOwnP99: serverOwn.p99,
        serverOwnMax: serverOwn.max,
        serverStallMax: stalled.max,
        serverStallTotal: stalled.total,
        writerGcMax: round(Math.max(0, ...all.flatMap((w) => gcIn(w.gcPauses))), 1),
        writerGcTotal: Math.round(Math.max(0, ...all.map((w) => gcIn(w.gcPauses).reduce((sum, ms) => sum + ms, 0)))),
        p99Settled: round(
          percentile(
            after.ms.filter((_, i) => after.writtenAt[i]! >= readyAt + SETTLED_AFTER_MS),
            99,
          ),
          1,
        ),
        settledS: round(slowAt.length ? (Math.max(...slowAt) - readyAt) / 1000 : 0, 2),
        healthP50: round(percentile(healthMs, 50), 1),
        healthMax: round(healthMs.length ? Math.max(...healthMs) : Number.NaN, 1),
        healthSlow: healthMs.filter((ms) => ms >= 100).length,
        lost: check.missing + unacked,
        writersBehind: converged.behind,
        clientLagMax: round(lag.max, 1),
      };
      ctx.log(
        `every writer synced ${values.everyWriterSyncedMs} ms after listening; first ack ${values.firstAckMs} ms, every writer ${values.everyWriterAckMs} ms, backlog ${values.backlogAckedMs} ms; ack p50 ${stats.p50} p99 ${stats.p99} max ${stats.max} ms, p99 less the writers' stalls ${lessStalls.p99} (${after.ms.length} entries, ${stats.slow} ≥ 100 ms; server's part p50 ${serverStats.p50} p99 ${serverStats.p99} max ${serverStats.max}, its own p99 ${serverOwn.p99} max ${serverOwn.max}; its loop blocked ${stalled.total} ms, at most ${stalled.max}, ≥ 100 ms at ${stalled.long.map(([at, ms]) => `${at} s (${ms} ms)`).join(', ') || 'none'}; sockets open again at ${round((Math.min(...opensAfter) - readyAt) / 1000, 2)}–${round((Math.max(...opensAfter) - readyAt) / 1000, 2)} s; the writers' GC ${values.writerGcTotal} ms, at most ${values.writerGcMax}); healthz max ${values.healthMax} ms; log ${log?.rows} rows; stored-not-acked ${kill?.storedNotAcked}; lost ${values.lost}; writers behind at the end ${converged.behind} (holding updates back ${converged.pending})`,
      );
      const raw = {
        latencies: after.ms.map((v) => round(v, 2)),
        serverLatencies: serverMs,
        // The server's event loop blocked 100 ms or more: [s after listening, ms].
        serverStallsLong: stalled.long,
        // Every acknowledged entry after the restart by when it was sent, to plot.
        timeline: after.ms.map((ms, i) => [round((after.writtenAt[i]! - readyAt) / 1000, 3), round(ms, 1)]),
        health: healthSamples
          .filter((s) => s.at >= killAt - 5_000)
          .map((s) => ({ atS: round((s.at - readyAt) / 1000, 3), ms: round(s.ms, 1), status: s.status })),
        acksAfterMs: acksAfter.map((t) => Math.round(t - readyAt)),
        opensAfterMs: opensAfter.map((t) => Math.round(t - readyAt)),
        killToReadyMs: readyAt - killAt,
        unackedAtEnd: unacked,
        progress,
        check,
        clientLag: lag,
      };
      return { values, raw, window: [readyAt, windowEnd] };
    } finally {
      await health.stop();
      if (pool) {
        await pool.all('leave', () => ({})).catch(() => undefined);
        await pool.close();
      }
      if (!stopped) await server.stop();
    }
  },
};
