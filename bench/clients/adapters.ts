// One load client per protocol, behind the same small interface: a Y.Doc that a stock provider
// keeps in sync with the server (or, for the floor, raw update bytes over a bare WebSocket).

import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { Protocol } from '../servers/types.js';
import { monoMs } from '../stats.js';

export interface BenchClient {
  readonly doc: Y.Doc;
  /** Resolves with the monotonic time (ms) at which the provider reported synced. */
  readonly synced: Promise<number>;
  /** When the largest frame so far reached the socket (before the provider handled it), or null. */
  largestFrameAt(): number | null;
  /** When the WebSocket handshake completed, or null. */
  openedAt(): number | null;
  destroy(): void;
}

/**
 * ws, noting when the largest frame arrives, ahead of the provider's own listener: on a cold
 * load that is when the server has delivered the state, and the rest is the client applying it.
 */
function timedWebSocketClass(): { Socket: typeof WebSocket; largestFrameAt(): number | null; openedAt(): number | null } {
  let largest = 0;
  let at: number | null = null;
  let opened: number | null = null;
  class TimedWebSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols);
      this.prependOnceListener('open', () => (opened = monoMs()));
      this.prependListener('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
        const bytes = Array.isArray(data) ? data.reduce((n, b) => n + b.byteLength, 0) : data.byteLength;
        if (bytes > largest) {
          largest = bytes;
          at = monoMs();
        }
      });
    }
  }
  return { Socket: TimedWebSocket as typeof WebSocket, largestFrameAt: () => at, openedAt: () => opened };
}

function yWebsocketClient(url: string, room: string, doc: Y.Doc, presence: boolean): BenchClient {
  // disableBc: providers in one process must not talk to each other past the server.
  const timed = timedWebSocketClass();
  const provider = new WebsocketProvider(url, room, doc, { WebSocketPolyfill: timed.Socket as never, disableBc: true });
  // Before the socket opens, so no presence is ever sent.
  if (!presence) provider.awareness.setLocalState(null);
  const synced = new Promise<number>((resolve) => {
    const onSync = (isSynced: boolean) => {
      if (!isSynced) return;
      provider.off('sync', onSync);
      resolve(monoMs());
    };
    provider.on('sync', onSync);
  });
  return { doc, synced, largestFrameAt: timed.largestFrameAt, openedAt: timed.openedAt, destroy: () => provider.destroy() };
}

function hocuspocusClient(url: string, room: string, doc: Y.Doc, presence: boolean): BenchClient {
  const timed = timedWebSocketClass();
  const socket = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: timed.Socket });
  let resolveSynced!: (t: number) => void;
  const synced = new Promise<number>((resolve) => (resolveSynced = resolve));
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name: room,
    document: doc,
    onSynced: ({ state }) => {
      if (state) resolveSynced(monoMs());
    },
  });
  if (!presence) provider.awareness?.setLocalState(null);
  provider.attach();
  return {
    doc,
    synced,
    largestFrameAt: timed.largestFrameAt,
    openedAt: timed.openedAt,
    destroy: () => {
      provider.destroy();
      socket.destroy();
    },
  };
}

const REMOTE = Symbol('remote');

/** The floor's client: every local update goes out as raw bytes, every frame in is applied. */
function rawClient(url: string, room: string, doc: Y.Doc): BenchClient {
  const socket = new WebSocket(`${url}/${encodeURIComponent(room)}`);
  socket.binaryType = 'nodebuffer';
  const onUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin !== REMOTE && socket.readyState === WebSocket.OPEN) socket.send(update);
  };
  doc.on('update', onUpdate);
  socket.on('message', (data: Buffer) => Y.applyUpdate(doc, new Uint8Array(data.buffer, data.byteOffset, data.byteLength), REMOTE));
  let opened: number | null = null;
  const synced = new Promise<number>((resolve, reject) => {
    socket.once('open', () => resolve((opened = monoMs())));
    socket.once('error', reject);
  });
  return {
    doc,
    synced,
    largestFrameAt: () => null,
    openedAt: () => opened,
    destroy: () => {
      doc.off('update', onUpdate);
      socket.terminate();
    },
  };
}

/**
 * A stock client of the server's protocol. Without `presence` it publishes no presence state, as a
 * provider whose local state is set to null: clients that all connect at once otherwise renew
 * their presence at once every 15 s, a storm of N × N messages that swamps a measurement of edits.
 */
export function connectClient(protocol: Protocol, url: string, room: string, doc: Y.Doc = new Y.Doc(), presence = true): BenchClient {
  switch (protocol) {
    case 'y-websocket':
      return yWebsocketClient(url, room, doc, presence);
    case 'hocuspocus':
      return hocuspocusClient(url, room, doc, presence);
    case 'raw':
      return rawClient(url, room, doc);
  }
}
