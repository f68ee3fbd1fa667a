// Load process for workload A: some clients of one document; one of them (in process 0) writes.
// Every receiver records when each round's entry reaches it (monotonic clock, shared by processes).

import * as Y from 'yjs';
import type { Protocol } from '../servers/types.js';
import { median, monoMs, withTimeout } from '../stats.js';
import type { BenchClient } from './adapters.js';
import { addAnnotation, annotationsOf, makeAnnotation } from './annotations.js';
import { connectMany } from './connect.js';
import { serveRpc } from './rpc.js';

let clients: BenchClient[] = [];
let writer: BenchClient | null = null;
let receivers: BenchClient[] = [];
/** round key -> arrival times at this process's receivers. */
const arrivals = new Map<string, number[]>();
const waiters = new Map<string, () => void>();

function watch(client: BenchClient): void {
  annotationsOf(client.doc).observe((event) => {
    const now = monoMs();
    for (const key of event.keysChanged) {
      let times = arrivals.get(key);
      if (!times) arrivals.set(key, (times = []));
      times.push(now);
      if (times.length === receivers.length) waiters.get(key)?.();
    }
  });
}

serveRpc({
  async connect(args: { protocol: Protocol; url: string; room: string; count: number; withWriter: boolean; seedText?: string }) {
    // A measures edits reaching everyone, not presence: see connectClient.
    const created = await connectMany({
      protocol: args.protocol,
      url: args.url,
      rooms: Array(args.count).fill(args.room),
      seedText: args.seedText,
      presence: false,
    });
    clients.push(...created);
    if (args.withWriter && !writer) writer = created[0]!;
    receivers = clients.filter((c) => c !== writer);
    for (const client of created) if (client !== writer) watch(client);
    return clients.length;
  },

  write(args: { round: number }): number {
    if (!writer) throw new Error('this process has no writer');
    const t0 = monoMs();
    addAnnotation(writer.doc, `r${args.round}`, args.round, 0);
    return t0;
  },

  async awaitRound(args: { round: number; timeoutMs: number }): Promise<number[]> {
    const key = `r${args.round}`;
    if (receivers.length > 0 && (arrivals.get(key)?.length ?? 0) < receivers.length) {
      await withTimeout(new Promise<void>((resolve) => waiters.set(key, resolve)), args.timeoutMs, `round ${args.round} at every receiver`).finally(() =>
        waiters.delete(key),
      );
    }
    const times = arrivals.get(key) ?? [];
    arrivals.delete(key);
    return times;
  },

  /**
   * The harness's floor: the time this process needs just to apply one round's update to all its
   * receivers (replicas with the same state and an observer), with no network and no server.
   */
  applyFloor(args: { samples: number }): number {
    const source = receivers[0];
    if (!source) return 0;
    const state = Y.encodeStateAsUpdate(source.doc);
    const replicas = receivers.map(() => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, state);
      annotationsOf(doc).observe(() => monoMs());
      return doc;
    });
    const author = new Y.Doc();
    Y.applyUpdate(author, state);
    const durations: number[] = [];
    for (let i = -3; i < args.samples; i++) {
      let update: Uint8Array | null = null;
      author.once('update', (u: Uint8Array) => (update = u));
      author.transact(() => annotationsOf(author).set(`floor${i}`, makeAnnotation(`floor${i}`, i + 3, 1)));
      const t0 = monoMs();
      for (const doc of replicas) Y.applyUpdate(doc, update!);
      if (i >= 0) durations.push(monoMs() - t0); // the first few warm up
    }
    for (const doc of replicas) doc.destroy();
    author.destroy();
    return median(durations);
  },

  /** A minor collection now, between rounds, so that none falls inside a measured one. */
  collectYoung(): void {
    const gc = (globalThis as { gc?: (options: { type: 'minor' }) => void }).gc;
    if (!gc) throw new Error('the load process needs --expose-gc');
    gc({ type: 'minor' });
  },

  leave(): number {
    for (const client of clients) client.destroy();
    const n = clients.length;
    clients = [];
    receivers = [];
    writer = null;
    arrivals.clear();
    return n;
  },
});
