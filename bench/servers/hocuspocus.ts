// Hocuspocus 4.x, in memory or with @hocuspocus/extension-sqlite (bench/peers/hocuspocus-server.ts).

import { join } from 'node:path';
import { startPeer } from './peer.js';
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
    start(ctx: StartContext): Promise<RunningServer> {
      return startPeer(
        {
          nodeArgs: ['--import', 'tsx'],
          script: 'bench/peers/hocuspocus-server.ts',
          env: persistent ? { SQLITE_PATH: join(ctx.dataDir, 'hocuspocus.db') } : {},
          ready: /hocuspocus ready/,
        },
        ctx.port,
      );
    },
  };
}

export const hocuspocusMemory = spec(false);
export const hocuspocusSqlite = spec(true);
