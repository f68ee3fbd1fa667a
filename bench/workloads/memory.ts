// C. Memory: D documents with 2 idle clients each; server memory per open document, and memory
// after every client has left and the server has had time to unload the rooms. Memory is read
// after a full GC, both as the process's RSS (/proc) and as what the JS heap and buffers hold.

import { ClientPool, split } from '../clients/pool.js';
import { rssKiB } from '../proc-stats.js';
import type { RunningServer } from '../servers/types.js';
import { monoMs, round, sleep } from '../stats.js';
import type { Value, Workload } from './types.js';

interface Reading {
  rssKiB: number;
  /** heapUsed + external (which includes array buffers), KiB. */
  heldKiB: number;
}

async function settled(server: RunningServer): Promise<Reading> {
  await sleep(1_000);
  await server.collectGarbage();
  const usage = await server.collectGarbage();
  return { rssKiB: rssKiB(server.pid), heldKiB: (usage.heapUsed + usage.external) / 1024 };
}

export const memory: Workload = {
  id: 'C',
  title: 'Memory: idle documents with 2 clients each, then everyone leaves',
  metrics: (sizes) => [
    {
      key: 'perDocHeld',
      label: `${sizes.memoryDocs} docs × ${sizes.memoryClientsPerDoc} clients: heap + buffers per open document`,
      unit: 'KiB',
      better: 'lower',
    },
    { key: 'perDocRss', label: 'RSS per open document', unit: 'KiB', better: 'lower' },
    { key: 'baselineRss', label: 'RSS before any client', unit: 'MiB', better: 'lower' },
    { key: 'loadedRss', label: 'RSS with all clients connected', unit: 'MiB', better: 'lower' },
    { key: 'afterRss', label: 'RSS after all left and rooms unloaded', unit: 'MiB', better: 'lower' },
    { key: 'retainedHeld', label: 'heap + buffers growth kept after all left', unit: '%', better: 'lower' },
    { key: 'joinMs', label: 'time to connect and sync all clients', unit: 'ms', better: 'lower' },
  ],
  appliesTo: () => true,
  async run(ctx) {
    const server = await ctx.spec.start({ dataDir: ctx.dataDir });
    const { memoryDocs: docs, memoryClientsPerDoc: perRoom } = ctx.sizes;
    const pool = new ClientPool('./idle-client.ts', ctx.clientProcesses);
    try {
      const rooms = await server.createDocuments(docs, ctx.text);
      const baseline = await settled(server);

      const t0 = monoMs();
      const shares = split(docs, ctx.clientProcesses);
      let offset = 0;
      await Promise.all(
        pool.processes.map((p, i) => {
          const mine = rooms.slice(offset, (offset += shares[i]!));
          const seedText = ctx.spec.seedsText ? ctx.text : undefined;
          return p.call('connect', { protocol: ctx.spec.protocol, url: server.providerUrl, rooms: mine, perRoom, seedText }, 300_000);
        }),
      );
      const joinMs = monoMs() - t0;
      const loaded = await settled(server);

      await pool.all('leave', () => ({}));
      await sleep(ctx.spec.unloadAfterMs + 2_000);
      const after = await settled(server);

      const heldGrowth = loaded.heldKiB - baseline.heldKiB;
      const values: Record<string, Value> = {
        perDocHeld: round(heldGrowth / docs, 1),
        perDocRss: round((loaded.rssKiB - baseline.rssKiB) / docs, 1),
        baselineRss: round(baseline.rssKiB / 1024, 1),
        loadedRss: round(loaded.rssKiB / 1024, 1),
        afterRss: round(after.rssKiB / 1024, 1),
        retainedHeld: heldGrowth > 0 ? Math.round((100 * (after.heldKiB - baseline.heldKiB)) / heldGrowth) : null,
        joinMs: Math.round(joinMs),
      };
      ctx.log(`per doc ${values.perDocHeld} KiB held, ${values.perDocRss} KiB RSS; kept ${values.retainedHeld} % after leaving`);
      return { values, raw: { baseline, loaded, after } };
    } finally {
      await pool.close();
      await server.stop();
    }
  },
};
