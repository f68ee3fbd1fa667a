// The floor: a bare `ws` broadcast server with no Yjs (bench/peers/floor-server.ts).

import { startPeer } from './peer.js';
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
  start(): Promise<RunningServer> {
    return startPeer({ nodeArgs: ['--import', 'tsx'], script: 'bench/peers/floor-server.ts', env: {}, ready: /floor ready/ });
  },
};
