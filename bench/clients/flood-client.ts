// Load process for bench/flood-rtt.ts: one identity's flood, in its own process so its sending
// never delays the measured client's event loop.

import { type Flood, type FloodKind, startFlood } from '../../tests/support/flood.js';
import { serveRpc } from './rpc.js';

let flood: Flood | null = null;

serveRpc({
  async start(args: { url: string; id: string; token: string; kinds?: FloodKind[]; sockets?: number }) {
    flood = await startFlood(args.url, args.id, { kinds: args.kinds, socketsPerKind: args.sockets, query: `?token=${args.token}` });
    return true;
  },

  stop() {
    flood?.stop();
    return flood && { sent: flood.sent, closes: flood.closes };
  },
});
