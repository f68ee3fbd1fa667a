// Hocuspocus 4.x, in memory or with @hocuspocus/extension-sqlite (bench/peers/hocuspocus-server.ts).

import { join } from 'node:path';
import { freePort, spawnServer } from './child.js';
import { newDocumentNames } from './names.js';
import type { RunningServer, ServerSpec, StartContext } from './types.js';

function spec(persistent: boolean): ServerSpec {
  return {
    id: persistent ? 'hocus-sqlite' : 'hocus-memory',
    label: persistent ? 'Hocuspocus 4 + SQLite' : 'Hocuspocus 4 memory',
    protocol: 'hocuspocus',
    persistent,
    yjs: true,
    seedsText: true,
    // Unloads when the last client leaves, after storing (debounce is flushed on unload).
    unloadAfterMs: 3_000,
    async start(ctx: StartContext): Promise<RunningServer> {
      const port = await freePort();
      const env: Record<string, string> = { HOST: '127.0.0.1', PORT: String(port) };
      if (persistent) env.SQLITE_PATH = join(ctx.dataDir, 'hocuspocus.db');
      const child = await spawnServer({
        nodeArgs: ['--import', 'tsx'],
        script: 'bench/peers/hocuspocus-server.ts',
        env,
        ready: /hocuspocus ready/,
      });
      return {
        pid: child.pid,
        providerUrl: `ws://127.0.0.1:${port}`,
        createDocuments: async (count) => newDocumentNames(count),
        collectGarbage: () => child.collectGarbage(),
        stop: () => child.stop(),
      };
    },
  };
}

export const hocuspocusMemory = spec(false);
export const hocuspocusSqlite = spec(true);
