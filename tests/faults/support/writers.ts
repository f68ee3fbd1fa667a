// Stock y-websocket writers for fault scenarios: each writes unique keys into the document's
// `entries` map at a steady rate, asks for Saved acknowledgements, and records which of its keys the
// server said are stored, every close code it saw, and whether it ever stopped reconnecting.
//
//   const writers = startWriters(server.url, id, 10);
//   await writers.whenAllConnected();
//   …fault…
//   writers.pause();
//   await writers.whenConverged(server.url, id);
//   expect(await missingAcked(store, id, writers.acked())).toEqual([]);

import { randomBytes } from 'node:crypto';
import { type AddressInfo, createServer } from 'node:net';
import * as decoding from 'lib0/decoding';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { COLLAB_PATH, MessageType, SAVED_ACK_PARAM, SAVED_ACK_VALUE } from '../../../shared/protocol/message-types.js';
import { readStoreStatus } from '../../../shared/protocol/messages.js';
import type { StoreStatus } from '../../../shared/protocol/store-status.js';
import { cleanUp } from '../../support/clean-up.js';
import { wsUrl } from '../../support/test-server.js';

export interface WritersOptions {
  /** Keys each writer sets per second (default 50). */
  perSecond?: number;
  /** Length of each value in bytes (default 64). */
  valueBytes?: number;
  /** Prefix of every key (default ''): keys are `${prefix}w${i}-${n}`. */
  prefix?: string;
}

/** A StoreStatus message (type 101) one writer received. */
export interface ReceivedStoreStatus {
  writer: number;
  status: StoreStatus;
}

export interface Writers {
  /** Keys some Saved message said are stored. */
  acked(): Set<string>;
  /** Keys set so far (whether or not they reached the server). */
  written(): Set<string>;
  /** Stops writing; connections stay (and keep reconnecting). */
  pause(): void;
  /** Starts writing again after pause(). */
  resume(): void;
  /** Stops writing and closes every connection (no reconnecting); resolves once they are closed. */
  stop(): Promise<void>;
  /** Resolves when every provider is connected and synced. */
  whenAllConnected(timeoutMs?: number): Promise<void>;
  /** Resolves when no provider has an open socket (e.g. after the server was killed). */
  whenAllDisconnected(timeoutMs?: number): Promise<void>;
  /** Providers whose socket is open now. */
  connectedCount(): number;
  /** True once a provider stopped reconnecting by itself, or saw a close code in 4400–4499. */
  everGaveUp(): boolean;
  /** Every close code the providers' sockets reported, in order (1006: no close frame). */
  closeCodes(): number[];
  /** Every StoreStatus message received, in order. */
  storeStatuses(): ReceivedStoreStatus[];
  /**
   * Resolves with the first StoreStatus received (now or later, by any writer) that satisfies `match`,
   * looking only at those from index `since` of storeStatuses() on (default 0: all of them).
   */
  whenStoreStatus(match: (status: StoreStatus) => boolean, timeoutMs?: number, since?: number): Promise<ReceivedStoreStatus>;
  /** Resolves when every key in `keys` is acknowledged. */
  whenAcked(keys: Iterable<string>, timeoutMs?: number): Promise<void>;
  /** Resolves when at least `count` keys are acknowledged. */
  whenAckedCount(count: number, timeoutMs?: number): Promise<void>;
  /** Resolves when every key written so far is acknowledged (pause() first for a fixed set). */
  whenAllAcked(timeoutMs?: number): Promise<void>;
  /**
   * Resolves when a fresh stock reader on `baseUrl` and every writer hold the same state (state
   * vectors and `entries` keys). Pause first: writers that keep writing never hold still.
   */
  whenConverged(baseUrl: string, documentId: string, timeoutMs?: number): Promise<void>;
  /** Points every writer at another server: its next connection goes there (`reconnect`: now). */
  point(baseUrl: string, options?: { reconnect?: boolean }): void;
  /** The writers' documents and providers, for scenario-specific checks. */
  readonly clients: readonly { doc: Y.Doc; provider: WebsocketProvider }[];
  /** Destroys every provider and document at once. */
  destroy(): void;
}

const DEFAULT_TIMEOUT_MS = 60_000;

interface Writer {
  index: number;
  doc: Y.Doc;
  provider: WebsocketProvider;
  entries: Y.Map<string>;
  /** Keys not yet acknowledged with the clock right after each was set, in order of clock. */
  pending: { key: string; clock: number }[];
  written: number;
}

/** Something that re-checks a condition whenever the writers' state may have changed. */
type Watcher = () => void;

export function startWriters(baseUrl: string, documentId: string, count: number, options: WritersOptions = {}): Writers {
  const perSecond = options.perSecond ?? 50;
  const valueBytes = options.valueBytes ?? 64;
  const prefix = options.prefix ?? '';

  const acked = new Set<string>();
  const written = new Set<string>();
  const codes: number[] = [];
  const statuses: ReceivedStoreStatus[] = [];
  const watchers = new Set<Watcher>();
  let gaveUp = false;
  let stopped = false;
  let destroyed = false;
  const notify = () => {
    for (const watcher of [...watchers]) watcher();
  };

  // Each stock provider listens for the process's exit (to withdraw its presence): not a leak.
  process.setMaxListeners(Math.max(process.getMaxListeners(), process.listenerCount('exit') + count + 20));
  const writers: Writer[] = [];
  for (let index = 0; index < count; index++) {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(wsUrl(baseUrl) + COLLAB_PATH, documentId, doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      params: { [SAVED_ACK_PARAM]: SAVED_ACK_VALUE },
      maxBackoffTime: 200,
      // Providers in one process would otherwise also talk over a BroadcastChannel, bypassing the server.
      disableBc: true,
    });
    const writer: Writer = { index, doc, provider, entries: doc.getMap<string>('entries'), pending: [], written: 0 };
    provider.messageHandlers[MessageType.Saved] = (_encoder, decoder) => {
      const stored = Y.decodeStateVector(decoding.readVarUint8Array(decoder)).get(doc.clientID) ?? 0;
      let done = 0;
      while (done < writer.pending.length && writer.pending[done]!.clock <= stored) acked.add(writer.pending[done++]!.key);
      if (done > 0) {
        writer.pending.splice(0, done);
        notify();
      }
    };
    provider.messageHandlers[MessageType.StoreStatus] = (_encoder, decoder) => {
      statuses.push({ writer: index, status: readStoreStatus(decoder) });
      notify();
    };
    provider.on('connection-close', (event) => {
      if (event) {
        codes.push(event.code);
        if (event.code >= 4400 && event.code < 4500) gaveUp = true;
      }
      // The provider turns shouldConnect off when it decides not to reconnect, right after this event.
      queueMicrotask(() => {
        if (!stopped && !destroyed && !provider.shouldConnect) gaveUp = true;
        notify();
      });
    });
    provider.on('closed', () => {
      gaveUp = true;
      notify();
    });
    provider.on('status', notify);
    provider.on('sync', notify);
    writers.push(writer);
  }

  const writeOne = (writer: Writer) => {
    const key = `${prefix}w${writer.index}-${writer.written++}`;
    const value = randomBytes(Math.ceil((valueBytes * 3) / 4))
      .toString('base64')
      .slice(0, valueBytes);
    writer.entries.set(key, value);
    writer.pending.push({ key, clock: Y.getState(writer.doc.store, writer.doc.clientID) });
    written.add(key);
  };

  // One timer for all writers; each tick writes whatever is due since writing (re)started, so the
  // rate holds even when timers run late on a busy machine.
  let timer: NodeJS.Timeout | null = null;
  let startedAt = 0;
  let writtenAtStart = 0;
  const tick = () => {
    const due = Math.floor(((performance.now() - startedAt) * perSecond) / 1000);
    for (const writer of writers) {
      while (writer.written - writtenAtStart < due) writeOne(writer);
    }
  };
  const resume = () => {
    if (timer || stopped || destroyed) return;
    // All writers have written the same number of keys: they are only written together in tick().
    writtenAtStart = writers[0]?.written ?? 0;
    startedAt = performance.now();
    timer = setInterval(tick, Math.max(5, Math.floor(1000 / perSecond)));
  };
  const pause = () => {
    if (timer) tick();
    if (timer) clearInterval(timer);
    timer = null;
  };

  /** Resolves when `condition` holds, re-checking on every change; rejects after `timeoutMs` with `describe()`. */
  const when = (condition: () => boolean, timeoutMs: number, describe: () => string, hopeless?: () => string | null): Promise<void> => {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const watcher = () => {
        if (condition()) {
          finish();
          resolve();
          return;
        }
        const why = hopeless?.();
        if (why) {
          finish();
          reject(new Error(`writers: ${why}`));
        }
      };
      const timeout = setTimeout(() => {
        finish();
        reject(new Error(`writers: timed out after ${timeoutMs} ms: ${describe()}`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timeout);
        watchers.delete(watcher);
      };
      watchers.add(watcher);
    });
  };

  const gaveUpNow = () => gaveUp || writers.some((w) => !stopped && !destroyed && !w.provider.shouldConnect);
  const connectedCount = () => writers.filter((w) => w.provider.wsconnected).length;
  const summary = () =>
    `${connectedCount()}/${writers.length} connected, ${writers.filter((w) => w.provider.synced).length} synced, ` +
    `${acked.size}/${written.size} keys acknowledged, close codes seen: ${[...new Set(codes)].join(', ') || 'none'}`;

  const destroy = () => {
    if (destroyed) return;
    destroyed = true;
    pause();
    watchers.clear();
    for (const writer of writers) {
      writer.provider.destroy();
      writer.doc.destroy();
    }
  };
  cleanUp(destroy);
  resume();

  return {
    clients: writers.map(({ doc, provider }) => ({ doc, provider })),
    acked: () => new Set(acked),
    written: () => new Set(written),
    pause,
    resume,
    async stop() {
      pause();
      stopped = true;
      const closing = writers.map((writer) => {
        const ws = writer.provider.ws as unknown as WebSocket | null;
        writer.provider.disconnect();
        if (!ws || ws.readyState === WebSocket.CLOSED) return Promise.resolve();
        return new Promise<void>((resolve) => ws.once('close', () => resolve()));
      });
      await Promise.all(closing);
    },
    whenAllConnected(timeoutMs = DEFAULT_TIMEOUT_MS) {
      return when(
        () => writers.every((w) => w.provider.wsconnected && w.provider.synced),
        timeoutMs,
        () => `not all connected and synced: ${summary()}`,
        // A writer that gave up never connects again: say so at once rather than at the timeout.
        () => (gaveUpNow() ? `a writer gave up reconnecting, so not all can connect: ${summary()}` : null),
      );
    },
    whenAllDisconnected(timeoutMs = DEFAULT_TIMEOUT_MS) {
      return when(
        () => connectedCount() === 0,
        timeoutMs,
        () => `not all disconnected: ${summary()}`,
      );
    },
    connectedCount,
    everGaveUp: gaveUpNow,
    closeCodes: () => [...codes],
    storeStatuses: () => [...statuses],
    async whenStoreStatus(match, timeoutMs = DEFAULT_TIMEOUT_MS, since = 0) {
      const found = () => statuses.slice(since).find((s) => match(s.status));
      await when(
        () => found() !== undefined,
        timeoutMs,
        () => `no such StoreStatus; received: ${JSON.stringify(statuses.slice(-5))}; ${summary()}`,
      );
      return found()!;
    },
    whenAcked(keys, timeoutMs = DEFAULT_TIMEOUT_MS) {
      const wanted = [...keys];
      const missing = () => wanted.filter((k) => !acked.has(k));
      return when(
        () => missing().length === 0,
        timeoutMs,
        () => {
          const m = missing();
          return `${m.length} of ${wanted.length} keys never acknowledged (e.g. ${m.slice(0, 5).join(', ')}); ${summary()}`;
        },
      );
    },
    whenAckedCount(n, timeoutMs = DEFAULT_TIMEOUT_MS) {
      return when(
        () => acked.size >= n,
        timeoutMs,
        () => `wanted ${n} acknowledged keys; ${summary()}`,
      );
    },
    whenAllAcked(timeoutMs = DEFAULT_TIMEOUT_MS) {
      return when(
        () => acked.size >= written.size,
        timeoutMs,
        () => `not every written key acknowledged; ${summary()}`,
      );
    },
    async whenConverged(url, id, timeoutMs = DEFAULT_TIMEOUT_MS) {
      const readerDoc = new Y.Doc();
      const reader = new WebsocketProvider(wsUrl(url) + COLLAB_PATH, id, readerDoc, {
        WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
        maxBackoffTime: 200,
        disableBc: true,
      });
      const vectorOf = (doc: Y.Doc) => [...Y.decodeStateVector(Y.encodeStateVector(doc))].sort((a, b) => a[0] - b[0]).join(';');
      const keysOf = (doc: Y.Doc) => [...doc.getMap('entries').keys()].sort().join(',');
      const differing = () => {
        if (!reader.synced) return writers;
        const vector = vectorOf(readerDoc);
        const size = readerDoc.getMap('entries').size;
        const apart = writers.filter((w) => !w.provider.synced || vectorOf(w.doc) !== vector || w.entries.size !== size);
        if (apart.length > 0) return apart;
        // Same state vectors and sizes: compare the keys themselves, once (sorting them costs).
        const keys = keysOf(readerDoc);
        return writers.filter((w) => keysOf(w.doc) !== keys);
      };
      // State changes arrive as document updates and provider events, in bursts: each burst is
      // checked once, shortly after it. A slow poll covers anything else.
      let scheduled: NodeJS.Timeout | null = null;
      const soon = () => {
        scheduled ??= setTimeout(() => {
          scheduled = null;
          notify();
        }, 20);
      };
      const docs = [readerDoc, ...writers.map((w) => w.doc)];
      for (const doc of docs) doc.on('afterTransaction', soon);
      reader.on('sync', soon);
      const poll = setInterval(soon, 250);
      try {
        await when(
          () => differing().length === 0,
          timeoutMs,
          () => {
            const apart = differing();
            return (
              `not converged: reader ${reader.synced ? 'synced' : 'not synced'} with ${readerDoc.getMap('entries').size} entries; ` +
              `${apart.length} writers differ (${apart
                .slice(0, 3)
                .map((w) => `w${w.index}: ${w.provider.synced ? 'synced' : 'not synced'}, ${w.entries.size} entries`)
                .join('; ')}); ${summary()}`
            );
          },
        );
      } finally {
        clearInterval(poll);
        if (scheduled) clearTimeout(scheduled);
        for (const doc of docs) doc.off('afterTransaction', soon);
        reader.destroy();
        readerDoc.destroy();
      }
    },
    point(url, { reconnect = false } = {}) {
      for (const writer of writers) {
        writer.provider.serverUrl = wsUrl(url) + COLLAB_PATH;
        // Closing the socket ourselves: the provider reconnects, to the new URL.
        if (reconnect) writer.provider.ws?.close();
      }
    },
    destroy,
  };
}

/**
 * A loopback port nobody listens on now: a server restarted on it is where its clients reconnect
 * by themselves (as behind a fixed address in production).
 */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', resolve);
  });
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
