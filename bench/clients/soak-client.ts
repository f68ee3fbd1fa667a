// Load process for workload E: all clients of some documents, each doing a steady mix of edits
// (add an annotation, retiring its oldest beyond a few; comment on one; change a quote), keeping
// its own record of what must be there at the end. Fan-out latency of additions is sampled here
// (every client of a document lives in this process), to see whether it drifts over time.

import * as Y from 'yjs';
import type { Protocol } from '../servers/types.js';
import { monoMs, percentile, sleep, withTimeout } from '../stats.js';
import { type BenchClient, connectClient } from './adapters.js';
import { addComment, annotationsOf, makeAnnotation } from './annotations.js';
import { connectMany, stateVectorKey } from './connect.js';
import { serveRpc } from './rpc.js';

const LIVE_PER_CLIENT = 10;

interface Own {
  id: string;
  comments: number;
  quote: string;
}

/** What one room must hold at the end: annotation id -> comments and quote. */
export type Expected = Record<string, { comments: number; quote: string }>;

interface SoakClient {
  client: BenchClient;
  room: string;
  name: string;
  own: Own[];
  seq: number;
}

let clients: SoakClient[] = [];
const writeTimes = new Map<string, number>();
let latencies: { at: number; ms: number }[] = [];

function watch(c: SoakClient): void {
  annotationsOf(c.client.doc).observe((event) => {
    if (event.transaction.local) return;
    const now = monoMs();
    for (const [key, change] of event.changes.keys) {
      if (change.action !== 'add') continue;
      const t0 = writeTimes.get(key);
      if (t0 !== undefined) latencies.push({ at: now, ms: now - t0 });
    }
  });
}

function step(c: SoakClient): 'add' | 'comment' | 'quote' {
  const doc = c.client.doc;
  const map = annotationsOf(doc);
  const roll = Math.random();
  if (c.own.length > 0 && roll < 0.25) {
    const target = c.own[Math.floor(Math.random() * c.own.length)]!;
    const entry = map.get(target.id);
    if (entry) {
      doc.transact(() => addComment(entry, `${target.id}-c${target.comments}`, 1));
      target.comments++;
      return 'comment';
    }
  }
  if (c.own.length > 0 && roll < 0.5) {
    const target = c.own[Math.floor(Math.random() * c.own.length)]!;
    const entry = map.get(target.id);
    if (entry) {
      target.quote = `quote ${c.seq++} of ${c.name}`;
      doc.transact(() => entry.set('quote', target.quote));
      return 'quote';
    }
  }
  const id = `${c.name}-${c.seq++}`;
  const entry = makeAnnotation(id, c.seq, 3);
  writeTimes.set(id, monoMs());
  doc.transact(() => {
    map.set(id, entry);
    if (c.own.length >= LIVE_PER_CLIENT) map.delete(c.own.shift()!.id);
  });
  c.own.push({ id, comments: 0, quote: entry.get('quote') as string });
  return 'add';
}

serveRpc({
  async connect(args: { protocol: Protocol; url: string; rooms: string[]; firstName: number; seedText?: string }) {
    const connected = await connectMany({ protocol: args.protocol, url: args.url, rooms: args.rooms, seedText: args.seedText });
    clients = connected.map((client, i) => ({ client, room: args.rooms[i]!, name: `s${args.firstName + i}`, own: [], seq: 0 }));
    clients.forEach(watch);
    return clients.length;
  },

  async run(args: { durationMs: number; opsPerSecond: number }) {
    const start = monoMs();
    const end = start + args.durationMs;
    const period = 1000 / args.opsPerSecond;
    const ops = { add: 0, comment: 0, quote: 0 };
    latencies = [];
    await Promise.all(
      clients.map(async (c) => {
        await sleep(Math.random() * period);
        for (let next = monoMs(); next < end; next += period) {
          ops[step(c)]++;
          const wait = next + period - monoMs();
          if (wait > 0) await sleep(wait);
        }
      }),
    );
    const span = (from: number, to: number) =>
      latencies.filter((l) => l.at >= start + from * args.durationMs && l.at < start + to * args.durationMs).map((l) => l.ms);
    const first = span(0.05, 0.25);
    const last = span(0.8, 1.0);
    return {
      ops,
      firstP50: percentile(first, 50),
      firstP99: percentile(first, 99),
      lastP50: percentile(last, 50),
      lastP99: percentile(last, 99),
    };
  },

  /** Each room's expected content, from the writers' own records. */
  expected(): Record<string, Expected> {
    const rooms: Record<string, Expected> = {};
    for (const c of clients) {
      const room = (rooms[c.room] ??= {});
      for (const own of c.own) room[own.id] = { comments: own.comments, quote: own.quote };
    }
    return rooms;
  },

  state() {
    return clients.map((c) => ({
      room: c.room,
      sv: stateVectorKey(c.client.doc),
      size: annotationsOf(c.client.doc).size,
      bytes: Y.encodeStateAsUpdate(c.client.doc).byteLength,
    }));
  },

  /** A fresh client per room compares the server's copy with what the writers expect. */
  async verify(args: { protocol: Protocol; url: string; expected: Record<string, Expected> }) {
    let missing = 0;
    let extra = 0;
    let wrong = 0;
    for (const [room, expected] of Object.entries(args.expected)) {
      const fresh = connectClient(args.protocol, args.url, room);
      await withTimeout(fresh.synced, 30_000, 'verifier to sync');
      await sleep(500); // a server that syncs before loading gets a moment to send the rest
      const map = annotationsOf(fresh.doc);
      for (const [id, want] of Object.entries(expected)) {
        const entry = map.get(id);
        if (!entry) {
          missing++;
          continue;
        }
        const comments = (entry.get('comments') as Y.Array<unknown> | undefined)?.length ?? 0;
        if (comments !== want.comments || entry.get('quote') !== want.quote) wrong++;
      }
      for (const id of map.keys()) if (!(id in expected)) extra++;
      fresh.destroy();
    }
    return { missing, extra, wrong };
  },

  leave() {
    for (const c of clients) c.client.destroy();
    clients = [];
    return true;
  },
});
