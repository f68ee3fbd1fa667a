// A person's network link as a TCP proxy in front of one server, which a test can cut the way a
// train tunnel does: open connections stay open but nothing gets through either way (no close, no
// reset), so only a heartbeat can tell. Restoring it drops the dead connections, as a NAT forgets
// them, and lets new ones through.

import { type Socket, connect, createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { cleanUp } from './clean-up.js';

export interface NetworkLink {
  /** The server's URL as seen through this link. */
  url: string;
  /** Nothing gets through any more, for good: what was on its way is lost. */
  cut(): void;
  /** New connections get through again; the cut ones are dropped. */
  restore(): void;
  /** Nothing gets through for now, but nothing is lost: it waits, as in a short tunnel. */
  stall(): void;
  /** What waited goes through, and the link works again. */
  heal(): void;
}

export async function startNetworkLink(serverUrl: string): Promise<NetworkLink> {
  const target = new URL(serverUrl);
  let up = true;
  const pairs = new Set<[Socket, Socket]>();
  const server = createServer((client) => {
    if (!up) return client.destroy();
    const upstream = connect(Number(target.port), target.hostname);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const drop = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const close = () =>
    new Promise<void>((resolve) => {
      for (const [a, b] of pairs) {
        a.destroy();
        b.destroy();
      }
      server.close(() => resolve());
    });
  cleanUp(close);
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    cut() {
      up = false;
      for (const [client, upstream] of pairs) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        // Read and forget: bytes vanish in the tunnel instead of piling up or being refused.
        client.on('data', () => {});
        upstream.on('data', () => {});
      }
    },
    restore() {
      up = true;
      for (const [client, upstream] of [...pairs]) {
        client.destroy();
        upstream.destroy();
      }
    },
    stall() {
      for (const [client, upstream] of pairs) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
      }
    },
    heal() {
      for (const [client, upstream] of pairs) {
        client.pipe(upstream);
        upstream.pipe(client);
      }
    },
  };
}
