// The floor: a bare `ws` broadcast server with no Yjs (bench/peers/floor-server.ts).

import { freePort, spawnServer } from './child.js';
import { newDocumentNames } from './names.js';
import type { RunningServer, ServerSpec } from './types.js';

export const floor: ServerSpec = {
  id: 'floor',
  label: 'ws broadcast (floor)',
  protocol: 'raw',
  persistent: false,
  yjs: false,
  // It keeps no state, so a late joiner would never receive seeded text; floor documents stay empty.
  seedsText: false,
  unloadAfterMs: 500,
  async start(): Promise<RunningServer> {
    const port = await freePort();
    const child = await spawnServer({
      nodeArgs: ['--import', 'tsx'],
      script: 'bench/peers/floor-server.ts',
      env: { HOST: '127.0.0.1', PORT: String(port) },
      ready: /floor ready/,
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
