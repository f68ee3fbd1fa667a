// Load process for workloads F and G: stock y-websocket providers that ask for saved
// acknowledgements (`params: { ack: 'saved' }`), each adding annotation entries at a steady rate.
// For every entry it records when it was written (the provider sends it from the update event, in
// the same call), the writer's clock after it, whether the socket was open then, and when the first
// Saved message (type 100) whose state vector covers that clock arrived. The harness turns these
// into latencies; nothing is summarised here, so it can cut them by time (before or after a kill).

import { PerformanceObserver, monitorEventLoopDelay, performance } from 'node:perf_hooks';
import * as decoding from 'lib0/decoding';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { MessageType, SAVED_ACK_PARAM, SAVED_ACK_VALUE } from '../../shared/protocol/message-types.js';
import { monoMs, sleep, withTimeout } from '../stats.js';
import { addAnnotation, annotationsOf } from './annotations.js';
import { serveRpc } from './rpc.js';

interface Writer {
  index: number;
  doc: Y.Doc;
  provider: WebsocketProvider;
  seq: number;
  /** Per entry: when it was written (monoMs), the writer's clock after it, socket open then, when acked (NaN: not yet). */
  writtenAt: number[];
  clocks: number[];
  online: boolean[];
  ackedAt: number[];
  /** The first entry not yet acknowledged. */
  nextAck: number;
  savedClock: number;
  /** When the socket opened and closed (monoMs), and when each Saved message arrived. */
  opens: number[];
  /** When the provider was synced (it had the server's answer to its sync step 1), after each open. */
  syncs: number[];
  closes: number[];
  acks: number[];
  /** StoreStatus messages (type 101): when, and whether storing was failing. */
  storeStatus: { at: number; failing: boolean }[];
}

/** What the harness gets back for one writer. */
export interface WriterRecord {
  index: number;
  clientId: number;
  writtenAt: number[];
  clocks: number[];
  online: boolean[];
  ackedAt: number[];
  opens: number[];
  syncs: number[];
  closes: number[];
  acks: number[];
  storeStatus: { at: number; failing: boolean }[];
  /** When this writer's process was too busy to read its socket: [from, to] (monoMs), 10 ms or longer. */
  stalls: [number, number][];
  /** Its process's garbage-collection pauses, [from, to] (monoMs): part of the stalls, named. */
  gcPauses: [number, number][];
}

let writers: Writer[] = [];
let running = false;
let loops: Promise<void> = Promise.resolve();
const lag = monitorEventLoopDelay({ resolution: 5 });

// Each writer holds the whole document, as a stock client does: at 35,000 entries (workload G) some
// 200 MB of heap a writer, and the collector's pauses are part of what a writer sees as latency.
const gcPauses: [number, number][] = [];
const performanceToMono = monoMs() - performance.now();
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcPauses.push([performanceToMono + entry.startTime, performanceToMono + entry.startTime + entry.duration]);
}).observe({ entryTypes: ['gc'] });

// A tick every 5 ms: one that comes late says the process was busy (its writers' own work, which
// delays reading a Saved message as much as a slow server would) from when it was due until then.
const TICK_MS = 5;
const STALL_MS = 10;
const stalls: [number, number][] = [];
let ticking: NodeJS.Timeout | null = null;
function tick(due: number): void {
  const now = monoMs();
  if (now - due >= STALL_MS) stalls.push([due, now]);
  const next = now + TICK_MS;
  ticking = setTimeout(() => tick(next), TICK_MS);
}

function connectWriter(url: string, room: string, index: number): Writer {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(url, room, doc, {
    WebSocketPolyfill: WebSocket as never,
    disableBc: true,
    params: { [SAVED_ACK_PARAM]: SAVED_ACK_VALUE },
  });
  // No presence: the workload measures edits (see connectClient).
  provider.awareness.setLocalState(null);
  const writer: Writer = {
    index,
    doc,
    provider,
    seq: 0,
    writtenAt: [],
    clocks: [],
    online: [],
    ackedAt: [],
    nextAck: 0,
    savedClock: 0,
    opens: [],
    syncs: [],
    closes: [],
    acks: [],
    storeStatus: [],
  };
  provider.messageHandlers[MessageType.Saved] = (_encoder, decoder) => {
    const now = monoMs();
    const durable = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
    writer.acks.push(now);
    writer.savedClock = Math.max(writer.savedClock, durable.get(doc.clientID) ?? 0);
    while (writer.nextAck < writer.clocks.length && writer.clocks[writer.nextAck]! <= writer.savedClock) writer.ackedAt[writer.nextAck++] = now;
  };
  provider.messageHandlers[MessageType.StoreStatus] = (_encoder, decoder) => {
    writer.storeStatus.push({ at: monoMs(), failing: decoding.readVarUint(decoder) !== 0 });
  };
  provider.on('sync', (synced: boolean) => {
    if (synced) writer.syncs.push(monoMs());
  });
  provider.on('status', ({ status }) => {
    if (status === 'connected') writer.opens.push(monoMs());
    else if (status === 'disconnected') writer.closes.push(monoMs());
  });
  return writer;
}

function write(writer: Writer, name: number): void {
  const seq = writer.seq++;
  const online = writer.provider.wsconnected;
  const at = monoMs();
  addAnnotation(writer.doc, `a${name}-${seq}`, seq, name);
  writer.writtenAt.push(at);
  writer.clocks.push(Y.getState(writer.doc.store, writer.doc.clientID));
  writer.online.push(online);
  writer.ackedAt.push(Number.NaN);
}

/** One writer's loop: an entry every `period` ms from a random phase; a writer that fell far behind skips ahead rather than bursting. */
async function writeLoop(writer: Writer, period: number): Promise<void> {
  await sleep(Math.random() * period);
  let next = monoMs();
  while (running) {
    write(writer, writer.index);
    next += period;
    const now = monoMs();
    if (next < now - 5 * period) next = now;
    await sleep(Math.max(0, next - now));
  }
}

serveRpc({
  async connect(args: { url: string; room: string; count: number; firstWriter: number; timeoutMs?: number }) {
    writers = Array.from({ length: args.count }, (_, i) => connectWriter(args.url, args.room, args.firstWriter + i));
    await Promise.all(
      writers.map((w) =>
        withTimeout(
          new Promise<void>((resolve) => {
            if (w.provider.synced) resolve();
            else w.provider.once('sync', () => resolve());
          }),
          args.timeoutMs ?? 60_000,
          'provider to sync',
        ),
      ),
    );
    return writers.length;
  },

  /** Starts every writer writing `rate` entries per second; returns at once. */
  start(args: { rate: number }) {
    running = true;
    lag.reset();
    lag.enable();
    stalls.length = 0;
    if (ticking) clearTimeout(ticking);
    tick(monoMs());
    loops = Promise.all(writers.map((w) => writeLoop(w, 1000 / args.rate))).then(() => undefined);
    return true;
  },

  async stop() {
    running = false;
    await loops;
    lag.disable();
    if (ticking) clearTimeout(ticking);
    ticking = null;
    return writers.reduce((n, w) => n + w.writtenAt.length, 0);
  },

  /** Entries written so far, and each writer's acknowledged clock. */
  progress() {
    return {
      written: writers.reduce((n, w) => n + w.writtenAt.length, 0),
      acked: writers.reduce((n, w) => n + w.nextAck, 0),
      at: monoMs(),
      saved: writers.map((w) => ({ clientId: w.doc.clientID, savedClock: w.savedClock, written: w.writtenAt.length, acked: w.nextAck })),
    };
  },

  /** Waits until every entry written is acknowledged (or the time is up); returns how many are not. */
  async waitAcked(args: { timeoutMs: number }) {
    const until = monoMs() + args.timeoutMs;
    const missing = () => writers.reduce((n, w) => n + (w.writtenAt.length - w.nextAck), 0);
    while (missing() > 0 && monoMs() < until) await sleep(50);
    return missing();
  },

  /** This process's event-loop delay while the writers ran (ms): what the harness itself adds to a latency. */
  eventLoop() {
    const ms = (ns: number) => ns / 1e6;
    return { p50: ms(lag.percentile(50)), p99: ms(lag.percentile(99)), max: ms(lag.max) };
  },

  records(): WriterRecord[] {
    return writers.map((w) => ({
      index: w.index,
      clientId: w.doc.clientID,
      writtenAt: w.writtenAt,
      clocks: w.clocks,
      online: w.online,
      ackedAt: w.ackedAt,
      opens: w.opens,
      syncs: w.syncs,
      closes: w.closes,
      acks: w.acks,
      storeStatus: w.storeStatus,
      stalls,
      gcPauses,
    }));
  },

  /** A fresh provider on the document: which of the writers' entries (writer index, count) it lacks once synced. */
  async verify(args: { url: string; room: string; expected: [number, number][]; timeoutMs: number }) {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(args.url, args.room, doc, { WebSocketPolyfill: WebSocket as never, disableBc: true });
    provider.awareness.setLocalState(null);
    try {
      await withTimeout(new Promise<void>((resolve) => provider.once('sync', () => resolve())), args.timeoutMs, 'verifier to sync');
      const keys = new Set(annotationsOf(doc).keys());
      let missing = 0;
      for (const [index, count] of args.expected) for (let seq = 0; seq < count; seq++) if (!keys.has(`a${index}-${seq}`)) missing++;
      return { entries: keys.size, missing };
    } finally {
      provider.destroy();
      doc.destroy();
    }
  },

  /**
   * Writers that, once the others stopped, still lack some of the `entries` a fresh client was sent,
   * or hold updates back waiting for what they build on (a gap that a lost relay would leave).
   */
  async converged(args: { entries: number; timeoutMs: number }) {
    const pending = (w: Writer) => w.doc.store.pendingStructs !== null || w.doc.store.pendingDs !== null;
    const behind = () => writers.filter((w) => pending(w) || annotationsOf(w.doc).size < args.entries);
    const until = monoMs() + args.timeoutMs;
    while (behind().length > 0 && monoMs() < until) await sleep(100);
    return { behind: behind().length, pending: writers.filter(pending).length };
  },

  leave() {
    running = false;
    for (const w of writers) w.provider.destroy();
    writers = [];
    return true;
  },
});
