// D. Cold load: a document with many annotations and comments; the server is restarted and a
// fresh client is timed until its provider reports synced AND it holds the complete content.
// A server that says "synced" before the content is in is reported as such.

import { ClientPool } from '../clients/pool.js';
import { rssKiB } from '../proc-stats.js';
import type { RunningServer } from '../servers/types.js';
import { median, round, sleep } from '../stats.js';
import type { Value, Workload } from './types.js';

interface LoadResult {
  syncedMs: number;
  completeMs: number;
  readyMs: number;
  syncedBeforeComplete: boolean;
  atSync: { annotations: number; comments: number };
  /** The same client process applying the whole state to a fresh Y.Doc: no network, no server. */
  applyOnlyMs: number;
  /** When the largest frame (the state) reached the client's socket; the rest is the client. */
  deliveredMs: number | null;
  /** When the WebSocket handshake completed. */
  openedMs: number | null;
}

async function heldMiB(server: RunningServer): Promise<number> {
  const usage = await server.collectGarbage();
  return (usage.heapUsed + usage.external) / 2 ** 20;
}

export const coldLoad: Workload = {
  id: 'D',
  title: 'Cold load: restart, then a fresh client until synced with the full document',
  metrics: (sizes) => [
    { key: 'readyMs', label: `${sizes.coldAnnotations} annotations + ${sizes.coldComments} comments: synced AND complete`, unit: 'ms', better: 'lower' },
    { key: 'syncedMs', label: 'provider reported synced after', unit: 'ms', better: 'none' },
    { key: 'openedMs', label: 'the WebSocket was open after', unit: 'ms', better: 'lower' },
    { key: 'deliveredMs', label: 'the state reached the client socket after (largest frame)', unit: 'ms', better: 'lower' },
    { key: 'applyOnlyMs', label: 'harness floor: the client applying the whole state, no server', unit: 'ms', better: 'none' },
    { key: 'honest', label: 'never synced before complete', unit: 'yes/no', better: 'none' },
    { key: 'atSync', label: 'annotations present when synced was reported', unit: 'count', better: 'none' },
    { key: 'stateKiB', label: 'document state', unit: 'KiB', better: 'none' },
    { key: 'rssGrowth', label: 'server RSS growth from the load', unit: 'MiB', better: 'lower' },
    { key: 'heldGrowth', label: 'server heap + buffers growth from the load', unit: 'MiB', better: 'lower' },
  ],
  appliesTo: (spec) => spec.persistent,
  async run(ctx) {
    const expect = { annotations: ctx.sizes.coldAnnotations, comments: ctx.sizes.coldComments };
    let server = await ctx.spec.start({ dataDir: ctx.dataDir });
    let room: string;
    let populated: { bytes: number; writeMs: number; comments: number };
    const writerPool = new ClientPool('./cold-load-client.ts', 1);
    try {
      [room] = (await server.createDocuments(1, ctx.text)) as [string];
      populated = await writerPool.processes[0]!.call(
        'populate',
        {
          protocol: ctx.spec.protocol,
          url: server.providerUrl,
          room,
          expect,
          batch: 100,
          seedText: ctx.spec.seedsText ? ctx.text : undefined,
        },
        300_000,
      );
      ctx.log(`stored ${Math.round(populated.bytes / 1024)} KiB in ${Math.round(populated.writeMs)} ms`);
    } finally {
      await writerPool.close();
    }
    // Let the room unload (and be written out) as it would when its last client leaves, then stop.
    await sleep(ctx.spec.unloadAfterMs + 2_000);
    await server.stop();

    const loads: (LoadResult & { rssGrowth: number; heldGrowth: number })[] = [];
    for (let run = 0; run < ctx.sizes.coldRuns; run++) {
      server = await ctx.spec.start({ dataDir: ctx.dataDir });
      const pool = new ClientPool('./cold-load-client.ts', 1);
      try {
        const rssBefore = rssKiB(server.pid);
        const heldBefore = await heldMiB(server);
        const result = await pool.processes[0]!.call<LoadResult>(
          'load',
          { protocol: ctx.spec.protocol, url: server.providerUrl, room, expect, timeoutMs: 60_000 },
          90_000,
        );
        const heldAfter = await heldMiB(server);
        const rssGrowth = (rssKiB(server.pid) - rssBefore) / 1024;
        await pool.processes[0]!.call('leave');
        loads.push({ ...result, rssGrowth, heldGrowth: heldAfter - heldBefore });
        ctx.log(
          `run ${run + 1}: synced ${round(result.syncedMs)} ms, complete ${round(result.completeMs)} ms, ${result.atSync.annotations} annotations at sync`,
        );
      } finally {
        await pool.close();
        await server.stop();
      }
    }
    const values: Record<string, Value> = {
      readyMs: Math.round(median(loads.map((l) => l.readyMs))),
      syncedMs: Math.round(median(loads.map((l) => l.syncedMs))),
      applyOnlyMs: Math.round(median(loads.map((l) => l.applyOnlyMs))),
      deliveredMs: loads.every((l) => l.deliveredMs !== null) ? Math.round(median(loads.map((l) => l.deliveredMs!))) : null,
      openedMs: loads.every((l) => l.openedMs !== null) ? Math.round(median(loads.map((l) => l.openedMs!))) : null,
      honest: loads.every((l) => !l.syncedBeforeComplete),
      atSync: Math.min(...loads.map((l) => l.atSync.annotations)),
      stateKiB: Math.round(populated.bytes / 1024),
      rssGrowth: round(median(loads.map((l) => l.rssGrowth)), 1),
      heldGrowth: round(median(loads.map((l) => l.heldGrowth)), 1),
    };
    return { values, raw: { populated, loads } };
  },
};
