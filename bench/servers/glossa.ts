// Glossa as users run it: `node --import tsx server/main.ts`, default SQLite store, durable log on,
// open mode (no token), default limits except the per-person connection cap (see below).

import { join } from 'node:path';
import { spawnServer } from './child.js';
import type { RunningServer, ServerSpec, StartContext } from './types.js';

const ROOM_IDLE_MS = 5_000; // the server's default; the harness does not change it

async function createDocuments(baseUrl: string, count: number, text: string): Promise<string[]> {
  const ids: string[] = [];
  const concurrency = 8;
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const response = await fetch(`${baseUrl}/api/documents`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title: `bench ${index}`, text }),
      });
      if (response.status !== 201) throw new Error(`POST /api/documents: ${response.status} ${await response.text()}`);
      ids[index] = ((await response.json()) as { id: string }).id;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return ids;
}

export const glossa: ServerSpec = {
  id: 'glossa',
  label: 'Glossa (SQLite)',
  protocol: 'y-websocket',
  persistent: true,
  yjs: true,
  seedsText: false,
  unloadAfterMs: ROOM_IDLE_MS,
  async start(ctx: StartContext): Promise<RunningServer> {
    const profile = ctx.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${ctx.profileDir}`] : [];
    const child = await spawnServer({
      nodeArgs: [...profile, '--import', 'tsx'],
      script: 'server/main.ts',
      env: {
        HOST: '127.0.0.1',
        PORT: '0',
        DATABASE_URL: join(ctx.dataDir, 'glossa.db'),
        LOG_LEVEL: 'silent',
        SEED_SAMPLE: 'false',
        // In open mode every socket is the same "anonymous" person, so the default cap of 20
        // connections per person would refuse the benchmark's load clients; peers have no such cap.
        MAX_CONNECTIONS_PER_PERSON: '1000000',
      },
      ready: /Glossa is listening on (http:\/\/127\.0\.0\.1:\d+)/,
    });
    const baseUrl = child.ready[1]!;
    return {
      pid: child.pid,
      providerUrl: `${baseUrl.replace(/^http/, 'ws')}/collab`,
      createDocuments: (count, text) => createDocuments(baseUrl, count, text),
      collectGarbage: () => child.collectGarbage(),
      stop: () => child.stop(),
    };
  },
};
