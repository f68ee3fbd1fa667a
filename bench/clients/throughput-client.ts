// Load process for workload B: every client here writes annotation entries to one document as
// fast as it can, with at most `window` entries not yet seen echoed by another client of this
// process (so a slow server is measured, not an ever-growing queue), and counts what it receives.

import type { Protocol } from '../servers/types.js';
import { monoMs } from '../stats.js';
import type { BenchClient } from './adapters.js';
import { addAnnotation, annotationsOf } from './annotations.js';
import { connectMany, stateVectorKey } from './connect.js';
import { serveRpc } from './rpc.js';

let clients: BenchClient[] = [];
let firstWriter = 0;
const written: number[] = [];
const echoed: number[] = [];
const received: number[] = [];
let wake: (() => void) | null = null;

/** Writer w (local index) is echoed by local client (w + 1) % n. */
function watch(local: number): void {
  annotationsOf(clients[local]!.doc).observe((event) => {
    if (event.transaction.local) return;
    received[local]! += event.keysChanged.size;
    const n = clients.length;
    for (const key of event.keysChanged) {
      const writer = Number(key.slice(1, key.indexOf('-'))) - firstWriter;
      if (writer >= 0 && writer < n && (writer + 1) % n === local) echoed[writer]! += 1;
    }
    wake?.();
  });
}

function progress(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      wake = null;
      resolve();
    }
    wake = done;
  });
}

serveRpc({
  async connect(args: { protocol: Protocol; url: string; room: string; count: number; firstWriter: number; seedText?: string }) {
    clients = await connectMany({ protocol: args.protocol, url: args.url, rooms: Array(args.count).fill(args.room), seedText: args.seedText });
    firstWriter = args.firstWriter;
    clients.forEach((_, i) => {
      written[i] = 0;
      echoed[i] = 0;
      received[i] = 0;
      watch(i);
    });
    return clients.length;
  },

  async run(args: { durationMs: number; window: number }) {
    const window = clients.length > 1 ? args.window : Number.POSITIVE_INFINITY;
    const start = monoMs();
    const end = start + args.durationMs;
    const receivedBefore = received.reduce((a, b) => a + b, 0);
    while (monoMs() < end) {
      let wrote = false;
      for (let i = 0; i < clients.length; i++) {
        if (written[i]! - echoed[i]! >= window) continue;
        const seq = written[i]!++;
        addAnnotation(clients[i]!.doc, `w${firstWriter + i}-${seq}`, seq, firstWriter + i);
        wrote = true;
      }
      // Yield to I/O every pass; when every writer is at its window, wait for an echo.
      if (wrote) await new Promise<void>((resolve) => setImmediate(resolve));
      else await progress(20);
    }
    const elapsedMs = monoMs() - start;
    return {
      elapsedMs,
      written: written.reduce((a, b) => a + b, 0),
      received: received.reduce((a, b) => a + b, 0) - receivedBefore,
    };
  },

  state() {
    return clients.map((c) => ({ sv: stateVectorKey(c.doc), entries: annotationsOf(c.doc).size }));
  },

  leave() {
    for (const client of clients) client.destroy();
    clients = [];
    return true;
  },
});
