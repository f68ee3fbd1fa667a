// E. Soak: many clients over several documents at a steady rate for minutes; server memory at
// the end against memory after warm-up, fan-out latency early vs late, and no lost update
// (replicas converge, and a fresh client finds exactly what the writers expect).

import { ClientPool, split } from '../clients/pool.js';
import type { Expected } from '../clients/soak-client.js';
import { CpuMeter, rssKiB } from '../proc-stats.js';
import type { RunningServer } from '../servers/types.js';
import { median, monoMs, round, sleep } from '../stats.js';
import type { Value, Workload } from './types.js';

interface RunResult {
  ops: { add: number; comment: number; quote: number };
  firstP50: number;
  firstP99: number;
  lastP50: number;
  lastP99: number;
}

interface Reading {
  rssMiB: number;
  heldMiB: number;
  /** What V8 has reserved for its heap: the part of RSS growth that is the heap's, not native. */
  heapTotalMiB: number;
}

async function reading(server: RunningServer): Promise<Reading> {
  const usage = await server.collectGarbage();
  return {
    rssMiB: rssKiB(server.pid) / 1024,
    heldMiB: (usage.heapUsed + usage.external) / 2 ** 20,
    heapTotalMiB: usage.heapTotal / 2 ** 20,
  };
}

async function converge(pool: ClientPool, timeoutMs: number): Promise<boolean> {
  const until = monoMs() + timeoutMs;
  while (monoMs() < until) {
    const states = (await pool.all<{ room: string; sv: string; size: number }[]>('state', () => ({}))).flat();
    const first = new Map<string, { sv: string; size: number }>();
    let same = true;
    for (const s of states) {
      const f = first.get(s.room);
      if (!f) first.set(s.room, s);
      else if (f.sv !== s.sv || f.size !== s.size) same = false;
    }
    if (same) return true;
    await sleep(250);
  }
  return false;
}

/** Bytes of Yjs state over all documents (one replica each): how much the content itself grew. */
async function documentBytes(pool: ClientPool): Promise<number> {
  const states = (await pool.all<{ room: string; bytes: number }[]>('state', () => ({}))).flat();
  const perRoom = new Map<string, number>();
  for (const s of states) if (!perRoom.has(s.room)) perRoom.set(s.room, s.bytes);
  return [...perRoom.values()].reduce((a, b) => a + b, 0);
}

const pct = (end: number, warm: number) => round((100 * (end - warm)) / warm, 1);

// Memory is read every so often while the writers run, and the first few readings after warm-up
// are set against the last few before they stop. One reading at each end moved by ±10 % from run
// to run with what the server happened to hold at that instant (a fold under way, a batch in flight).
const READING_EVERY_MS = 15_000;
const READINGS_PER_END = 3;

/** Readings from `afterMs` on, every READING_EVERY_MS, until `done` settles; `atS` from the call. */
async function readWhile(server: RunningServer, afterMs: number, done: Promise<unknown>): Promise<(Reading & { atS: number })[]> {
  const startedAt = monoMs();
  let finished = false;
  const over = done.then(
    () => (finished = true),
    () => (finished = true),
  );
  const readings: (Reading & { atS: number })[] = [];
  await Promise.race([sleep(afterMs), over]);
  while (!finished) {
    const atS = round((monoMs() - startedAt) / 1000, 1);
    readings.push({ ...(await reading(server)), atS });
    await Promise.race([sleep(READING_EVERY_MS), over]);
  }
  return readings;
}

/** The median of each figure over some readings. */
function typical(readings: readonly Reading[]): Reading {
  return {
    rssMiB: median(readings.map((r) => r.rssMiB)),
    heldMiB: median(readings.map((r) => r.heldMiB)),
    heapTotalMiB: median(readings.map((r) => r.heapTotalMiB)),
  };
}

export const soak: Workload = {
  id: 'E',
  title: 'Soak: steady edits by many clients over several documents',
  metrics: (sizes) => [
    {
      key: 'heldGrowth',
      label: `${sizes.soakClients} clients / ${sizes.soakDocs} docs / ${sizes.soakSeconds} s: heap + buffers, end vs after warm-up (target ≤ 10)`,
      unit: '%',
      better: 'none',
    },
    { key: 'rssGrowth', label: 'RSS, end vs after warm-up', unit: '%', better: 'none' },
    { key: 'docGrowth', label: 'the documents themselves (Yjs state of every document), end vs after warm-up', unit: '%', better: 'none' },
    { key: 'heldEnd', label: 'heap + buffers at the end', unit: 'MiB', better: 'lower' },
    { key: 'heldAtRest', label: 'heap + buffers once the writers stopped and replicas converged', unit: 'MiB', better: 'lower' },
    { key: 'lost', label: 'lost or wrong updates (fresh client vs writers)', unit: 'count', better: 'lower' },
    { key: 'converged', label: 'replicas converged', unit: 'yes/no', better: 'none' },
    { key: 'ops', label: 'edits made', unit: 'count', better: 'none' },
    { key: 'cpuPerOp', label: 'server CPU per edit', unit: 'µs', better: 'lower' },
    { key: 'firstP99', label: 'fan-out p99, early', unit: 'ms', better: 'lower' },
    { key: 'lastP99', label: 'fan-out p99, late', unit: 'ms', better: 'lower' },
  ],
  appliesTo: () => true,
  async run(ctx) {
    const { soakClients: clients, soakDocs: docs, soakSeconds: seconds, soakOpsPerClientPerSecond: rate } = ctx.sizes;
    const server = await ctx.spec.start({ dataDir: ctx.dataDir });
    const processes = Math.min(ctx.clientProcesses, docs);
    const pool = new ClientPool('./soak-client.ts', processes);
    const verifier = new ClientPool('./soak-client.ts', 1);
    try {
      const rooms = await server.createDocuments(docs, ctx.text);
      // Every client of a document lives in one process, so latency is measured on one clock path.
      const roomShares = split(docs, processes);
      const perRoom = split(clients, docs);
      let roomOffset = 0;
      let nameOffset = 0;
      await Promise.all(
        pool.processes.map((p, i) => {
          const mine = rooms.slice(roomOffset, (roomOffset += roomShares[i]!));
          const list = mine.flatMap((room, j) => Array<string>(perRoom[rooms.indexOf(room)] ?? perRoom[j]!).fill(room));
          const firstName = nameOffset;
          nameOffset += list.length;
          return p.call(
            'connect',
            { protocol: ctx.spec.protocol, url: server.providerUrl, rooms: list, firstName, seedText: ctx.spec.seedsText ? ctx.text : undefined },
            120_000,
          );
        }),
      );

      const durationMs = seconds * 1000;
      const cpu = new CpuMeter(server.pid);
      const running = pool.all<RunResult>('run', () => ({ durationMs, opsPerSecond: rate }), durationMs + 120_000);
      const warmAfterMs = Math.max(15_000, durationMs / 4);
      const readings = readWhile(server, warmAfterMs, running);
      await Promise.race([sleep(warmAfterMs), running]);
      const warmDocBytes = await documentBytes(pool);
      const runs = await running;
      const cpuMs = cpu.elapsedMs();
      const timeline = await readings;
      const warm = typical(timeline.slice(0, READINGS_PER_END));
      const end = typical(timeline.slice(-READINGS_PER_END));

      const converged = await converge(pool, 60_000);
      const atRest = await reading(server);
      const endDocBytes = await documentBytes(pool);
      const expected: Record<string, Expected> = Object.assign({}, ...(await pool.all<Record<string, Expected>>('expected', () => ({}))));
      const check = await verifier.processes[0]!.call<{ missing: number; extra: number; wrong: number }>(
        'verify',
        { protocol: ctx.spec.protocol, url: server.providerUrl, expected },
        120_000,
      );
      await pool.all('leave', () => ({}));

      const ops = runs.reduce((a, r) => a + r.ops.add + r.ops.comment + r.ops.quote, 0);
      const worst = (key: keyof Omit<RunResult, 'ops'>) => Math.max(...runs.map((r) => r[key]).filter(Number.isFinite));
      const values: Record<string, Value> = {
        heldGrowth: pct(end.heldMiB, warm.heldMiB),
        rssGrowth: pct(end.rssMiB, warm.rssMiB),
        docGrowth: pct(endDocBytes, warmDocBytes),
        heldEnd: round(end.heldMiB, 1),
        heldAtRest: round(atRest.heldMiB, 1),
        // The floor keeps no document, so a fresh client there has nothing to check.
        lost: ctx.spec.yjs ? check.missing + check.extra + check.wrong : null,
        converged,
        ops,
        cpuPerOp: round((cpuMs * 1000) / ops, 0),
        firstP99: round(worst('firstP99'), 1),
        lastP99: round(worst('lastP99'), 1),
      };
      ctx.log(
        `ops ${ops}; held ${round(warm.heldMiB, 1)} -> ${round(end.heldMiB, 1)} MiB (${timeline.length} readings), ${round(atRest.heldMiB, 1)} at rest; lost ${values.lost}; converged ${converged}`,
      );
      return { values, raw: { warm, end, atRest, timeline, runs, check } };
    } finally {
      await verifier.close();
      await pool.close();
      await server.stop();
    }
  },
};
