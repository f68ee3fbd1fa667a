// The y-websocket 1.5.4 reference server (bin/server.js), in memory or with LevelDB (YPERSISTENCE).

import { join } from 'node:path';
import { REPO_ROOT } from './child.js';
import { startPeer } from './peer.js';
import type { RunningServer, ServerSpec, StartContext } from './types.js';

// The package's exports map hides bin/, so the script is found by path.
const SERVER_SCRIPT = join(REPO_ROOT, 'node_modules', 'y-websocket-server-1', 'bin', 'server.js');

function spec(persistent: boolean): ServerSpec {
  return {
    id: persistent ? 'yws-leveldb' : 'yws-memory',
    label: persistent ? 'y-websocket 1.5.4 + LevelDB' : 'y-websocket 1.5.4 memory',
    protocol: 'y-websocket',
    persistent,
    yjs: true,
    seedsText: true,
    // It releases a document (after writing it out) when the last client leaves; without persistence never.
    unloadAfterMs: 1_000,
    start(ctx: StartContext): Promise<RunningServer> {
      return startPeer({ script: SERVER_SCRIPT, env: persistent ? { YPERSISTENCE: join(ctx.dataDir, 'leveldb') } : {}, ready: /running at/ }, ctx.port);
    },
  };
}

export const yWebsocketMemory = spec(false);
export const yWebsocketLevelDb = spec(true);
