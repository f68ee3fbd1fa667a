// Load process for workload C: idle clients on many documents, connected and then let go.

import type { Protocol } from '../servers/types.js';
import type { BenchClient } from './adapters.js';
import { connectMany } from './connect.js';
import { serveRpc } from './rpc.js';

let clients: BenchClient[] = [];

serveRpc({
  async connect(args: { protocol: Protocol; url: string; rooms: string[]; perRoom: number; seedText?: string }) {
    const rooms = args.rooms.flatMap((room) => Array<string>(args.perRoom).fill(room));
    clients = await connectMany({ protocol: args.protocol, url: args.url, rooms, seedText: args.seedText, timeoutMs: 60_000 });
    return clients.length;
  },

  leave() {
    for (const client of clients) client.destroy();
    const n = clients.length;
    clients = [];
    return n;
  },
});
