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

/**
 * Sends as fast as the socket drains (the server's pacing shows up as a full send buffer), a batch
 * per turn: the kernel takes megabytes of small frames before the buffer fills, and one loop until
 * then kept this process from anything else (its other sockets, its harness) for seconds.
 */
function pump(ws: WebSocket, next: () => Uint8Array, count: () => void): () => void {
  let running = true;
  const go = () => {
    for (let i = 0; i < 1_000 && running && ws.readyState === ws.OPEN && ws.bufferedAmount < 256 * 1024; i++) {
      ws.send(next());
      count();
    }
    if (running && ws.readyState === ws.OPEN) setTimeout(go, ws.bufferedAmount < 256 * 1024 ? 0 : 1);
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
  // Every socket is open before any floods: opened while the first ones flood, the rest took
  // seconds, and the server had closed the first for being over their rate before the last opened.
  const floods: Array<{ next: () => Uint8Array; count: () => void }> = [];
  for (let s = 0; s < perKind; s++) {
    let clock = 0;
    const presence = () => {
      clock++;
      const entries = [0, 1, 2, 3].map((i) => ({
        clientId: 700_000 + s * 10 + i,
        clock,
        stateJson: JSON.stringify({ user: { name: `flood ${s}.${i}` }, cursor: clock }),
      }));
      return encodeAwarenessMessage(encodeAwarenessEntries(entries));
    };
    if (kinds.has('presence')) floods.push({ next: presence, count: () => sent.presence++ });
    if (kinds.has('queries')) floods.push({ next: () => new Uint8Array([MessageType.QueryAwareness]), count: () => sent.queries++ });
    if (kinds.has('updates')) floods.push({ next: updateSource(), count: () => sent.updates++ });
  }
  const sockets = await Promise.all(floods.map(() => open(url, documentId, query, closes)));
  const stops = floods.map(({ next, count }, i) => pump(sockets[i]!, next, count));
  return { sent, closes, stop: () => stops.forEach((stop) => stop()) };
}
