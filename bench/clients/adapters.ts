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
  destroy(): void;
}

function yWebsocketClient(url: string, room: string, doc: Y.Doc): BenchClient {
  // disableBc: providers in one process must not talk to each other past the server.
  const provider = new WebsocketProvider(url, room, doc, { WebSocketPolyfill: WebSocket as never, disableBc: true });
  const synced = new Promise<number>((resolve) => {
    const onSync = (isSynced: boolean) => {
      if (!isSynced) return;
      provider.off('sync', onSync);
      resolve(monoMs());
    };
    provider.on('sync', onSync);
  });
  return { doc, synced, destroy: () => provider.destroy() };
}

function hocuspocusClient(url: string, room: string, doc: Y.Doc): BenchClient {
  const socket = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: WebSocket });
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
  provider.attach();
  return {
    doc,
    synced,
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
  const synced = new Promise<number>((resolve, reject) => {
    socket.once('open', () => resolve(monoMs()));
    socket.once('error', reject);
  });
  return {
    doc,
    synced,
    destroy: () => {
      doc.off('update', onUpdate);
      socket.terminate();
    },
  };
}

export function connectClient(protocol: Protocol, url: string, room: string, doc: Y.Doc = new Y.Doc()): BenchClient {
  switch (protocol) {
    case 'y-websocket':
      return yWebsocketClient(url, room, doc);
    case 'hocuspocus':
      return hocuspocusClient(url, room, doc);
    case 'raw':
      return rawClient(url, room, doc);
  }
}
