// Starts a peer server on a free loopback port: the peers differ only in script, flags and env.

import { type SpawnOptions, freePort, spawnServer } from './child.js';
import { newDocumentNames } from './names.js';
import type { RunningServer } from './types.js';

export async function startPeer(options: SpawnOptions, wantedPort?: number): Promise<RunningServer> {
  const port = wantedPort ?? (await freePort());
  const child = await spawnServer({ ...options, env: { HOST: '127.0.0.1', PORT: String(port), ...options.env } });
  return {
    pid: child.pid,
    providerUrl: `ws://127.0.0.1:${port}`,
    // Peers create a room on first join, so any fresh names will do.
    createDocuments: async (count) => newDocumentNames(count),
    collectGarbage: () => child.collectGarbage(),
    stop: () => child.stop(),
    kill: () => child.kill(),
    port,
  };
}
