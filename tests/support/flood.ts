// One identity flooding a document three ways at once, as fast as its sockets drain: presence for
// several ids per socket, presence queries (each answered with the whole room), and document
// updates. Shared by the resource test and bench/flood-rtt.ts so both measure the same attack.

import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { encodeAwarenessEntries } from '../../shared/protocol/awareness-entries.js';
import { COLLAB_PATH, MessageType } from '../../shared/protocol/message-types.js';
import { encodeAwarenessMessage, encodeSyncUpdate } from '../../shared/protocol/messages.js';

export type FloodKind = 'presence' | 'queries' | 'updates';

export interface FloodOptions {
  /** Sockets per kind of flood (presence, queries, updates). */
  socketsPerKind?: number;
  /** Which floods to run; all three unless told. */
  kinds?: readonly FloodKind[];
  /** Appended to each socket's address, e.g. `?token=…` so every socket is the same person. */
  query?: string;
}

export interface Flood {
  stop(): void;
  /** Frames sent so far, by kind. */
  readonly sent: { presence: number; queries: number; updates: number };
  /** How the server closed flooding sockets, as `code reason` with a count each. */
  readonly closes: Record<string, number>;
}

function open(url: string, id: string, query: string, closes: Record<string, number>): Promise<WebSocket> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}${COLLAB_PATH}/${id}${query}`);
  ws.binaryType = 'nodebuffer';
  ws.on('error', () => {}); // a flooder closed by the server is expected; the sockets simply stop
  ws.on('close', (code: number, reason: Buffer) => {
    if (code === 1006) return; // our own terminate() when the flood stops
    const key = `${code} ${String(reason)}`;
    closes[key] = (closes[key] ?? 0) + 1;
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Sends as fast as the socket drains (the server's pacing shows up as a full send buffer). */
function pump(ws: WebSocket, next: () => Uint8Array, count: () => void): () => void {
  let running = true;
  const go = () => {
    while (running && ws.readyState === ws.OPEN && ws.bufferedAmount < 256 * 1024) {
      ws.send(next());
      count();
    }
    if (running && ws.readyState === ws.OPEN) setTimeout(go, 1);
  };
  go();
  return () => {
    running = false;
    ws.terminate();
  };
}

/** One small update per frame, each its own transaction, as a bulk script's edits would be. */
function updateSource(): () => Uint8Array {
  const doc = new Y.Doc();
  const scratch = doc.getMap<number>('flood');
  let pending: Uint8Array | null = null;
  doc.on('update', (update: Uint8Array) => {
    pending = update;
  });
  let n = 0;
  return () => {
    scratch.set(`k${n % 64}`, n++);
    return encodeSyncUpdate(pending!);
  };
}

export async function startFlood(url: string, documentId: string, options: FloodOptions = {}): Promise<Flood> {
  const perKind = options.socketsPerKind ?? 4;
  const query = options.query ?? '';
  const kinds = new Set(options.kinds ?? ['presence', 'queries', 'updates']);
  const sent = { presence: 0, queries: 0, updates: 0 };
  const closes: Record<string, number> = {};
  const stops: Array<() => void> = [];
  for (let s = 0; s < perKind; s++) {
    let clock = 0;
    if (kinds.has('presence')) stops.push(
      pump(
        await open(url, documentId, query, closes),
        () => {
          clock++;
          const entries = [0, 1, 2, 3].map((i) => ({ clientId: 700_000 + s * 10 + i, clock, stateJson: JSON.stringify({ user: { name: `flood ${s}.${i}` }, cursor: clock }) }));
          return encodeAwarenessMessage(encodeAwarenessEntries(entries));
        },
        () => sent.presence++,
      ),
    );
    if (kinds.has('queries')) stops.push(pump(await open(url, documentId, query, closes), () => new Uint8Array([MessageType.QueryAwareness]), () => sent.queries++));
    if (kinds.has('updates')) stops.push(pump(await open(url, documentId, query, closes), updateSource(), () => sent.updates++));
  }
  return { sent, closes, stop: () => stops.forEach((stop) => stop()) };
}
