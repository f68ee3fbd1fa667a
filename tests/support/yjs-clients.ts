// Stock y-websocket clients (the published WebsocketProvider over `ws`) and raw sockets for protocol tests.

import { afterAll } from 'vitest';
import { cleanUp } from './clean-up.js';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { SavedTracker, savedAckParams } from '../../client/sync/saved-tracker.js';
import { COLLAB_PATH } from '../../shared/protocol/message-types.js';
import { wsUrl } from './test-server.js';

export interface TestClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  text: Y.Text;
  destroy(): void;
}

export interface ClientOptions {
  /** Ask for Saved messages and track them. */
  savedAck?: boolean;
  connect?: boolean;
  /** Extra URL parameters, e.g. { token }. */
  params?: Record<string, string>;
}

const clients = new Set<TestClient>();
afterAll(() => {
  for (const client of clients) client.destroy();
});

export function connectClient(baseUrl: string, documentId: string, options: ClientOptions = {}): TestClient & { saved?: SavedTracker } {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(wsUrl(baseUrl) + COLLAB_PATH, documentId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { ...(options.savedAck ? savedAckParams : {}), ...options.params },
    connect: options.connect ?? true,
    maxBackoffTime: 200,
    // Providers in one process would otherwise also talk over a BroadcastChannel, bypassing the server.
    disableBc: true,
  });
  const saved = options.savedAck ? new SavedTracker(provider, doc) : undefined;
  const client = {
    doc,
    provider,
    text: doc.getText('source'),
    saved,
    destroy() {
      provider.destroy();
      doc.destroy();
      clients.delete(client);
    },
  };
  clients.add(client);
  // Each stock provider listens for the process's exit (to withdraw its presence), and a test file
  // may hold more than Node's default of ten at once: not a leak, so not a warning.
  process.setMaxListeners(Math.max(process.getMaxListeners(), clients.size + 10));
  return client;
}

export function whenSynced(client: TestClient): Promise<void> {
  if (client.provider.synced) return Promise.resolve();
  return new Promise((resolve) => {
    const onSync = (synced: boolean) => {
      if (!synced) return;
      client.provider.off('sync', onSync);
      resolve();
    };
    client.provider.on('sync', onSync);
  });
}

/** Resolves when `predicate` holds for the doc, checking after every update it receives. */
export function whenDoc(doc: Y.Doc, predicate: (doc: Y.Doc) => boolean): Promise<void> {
  if (predicate(doc)) return Promise.resolve();
  return new Promise((resolve) => {
    const check = () => {
      if (!predicate(doc)) return;
      doc.off('afterTransaction', check);
      resolve();
    };
    doc.on('afterTransaction', check);
  });
}

export function whenText(client: TestClient, expected: string): Promise<void> {
  return whenDoc(client.doc, (doc) => doc.getText('source').toString() === expected);
}

/** Resolves when `predicate` holds for the presence state a client sees of `clientId` (undefined: none). */
export function whenPresence(client: TestClient, clientId: number, predicate: (state: Record<string, unknown> | undefined) => boolean): Promise<void> {
  return new Promise((resolve) => {
    const awareness = client.provider.awareness;
    const check = () => {
      if (!predicate(awareness.getStates().get(clientId))) return;
      awareness.off('change', check);
      resolve();
    };
    awareness.on('change', check);
    check();
  });
}

/** Resolves with the first close event of the provider's socket that is not a normal close. */
export function whenClosed(client: TestClient): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => {
    const onClose = (event: { code: number; reason: string } | null) => {
      if (!event) return;
      client.provider.off('connection-close', onClose);
      resolve({ code: event.code, reason: event.reason });
    };
    client.provider.on('connection-close', onClose);
  });
}

export interface RawSocket {
  ws: WebSocket;
  /** Frames received so far. */
  received: Uint8Array[];
  opened: Promise<void>;
  closed: Promise<{ code: number; reason: string }>;
  /** Resolves with the first frame ever received that satisfies `match` (now or later). */
  first(match?: (frame: Uint8Array) => boolean): Promise<Uint8Array>;
}

/** A bare WebSocket on the collaboration endpoint, for sending arbitrary bytes. */
export function rawSocket(baseUrl: string, documentId: string, query = ''): RawSocket {
  const ws = new WebSocket(`${wsUrl(baseUrl)}${COLLAB_PATH}/${documentId}${query}`);
  const received: Uint8Array[] = [];
  const listeners = new Set<(frame: Uint8Array) => void>();
  ws.on('message', (data: Buffer) => {
    const frame = new Uint8Array(data);
    received.push(frame);
    for (const l of listeners) l(frame);
  });
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  cleanUp(() => ws.terminate());
  return {
    ws,
    received,
    opened,
    closed,
    first(match = () => true) {
      const seen = received.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => {
        const l = (frame: Uint8Array) => {
          if (!match(frame)) return;
          listeners.delete(l);
          resolve(frame);
        };
        listeners.add(l);
      });
    },
  };
}
