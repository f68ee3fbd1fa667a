// Notices sockets whose other end has gone silent (a laptop closed, a train tunnel, a browser
// offline) within two beats, instead of the 30 s a stock provider waits for presence to time out:
// the socket is ended, so everyone else sees that person leave at once.
//
// One timer for the whole process pings every socket. A socket counts as heard from when any bytes
// arrived since the last beat (a pong, or a large upload still arriving), and as busy while bytes
// to it wait to be written (a big document still going out on a slow link): neither is ended.

import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';

interface Watched {
  ws: WebSocket;
  socket: Socket | undefined;
  bytesRead: number;
  /** A ping went out at the last beat: silence since then means no answer. */
  pinged: boolean;
}

export class SocketHeartbeat {
  private readonly watched = new Map<WebSocket, Watched>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private lastBeat = 0;

  constructor(private readonly intervalMs: number) {}

  watch(ws: WebSocket): void {
    if (this.intervalMs <= 0) return;
    // ws keeps its net.Socket here; it is not in the typings.
    const socket = (ws as unknown as { _socket?: Socket })._socket;
    this.watched.set(ws, { ws, socket, bytesRead: socket?.bytesRead ?? 0, pinged: false });
    ws.once('close', () => this.watched.delete(ws));
    if (!this.timer) {
      this.lastBeat = Date.now();
      this.timer = setInterval(() => this.beat(), this.intervalMs);
      this.timer.unref();
    }
  }

  private beat(): void {
    const now = Date.now();
    // A beat that comes late means this process was busy: pongs may be waiting unread, so no verdicts.
    const onTime = now - this.lastBeat < this.intervalMs * 1.5;
    this.lastBeat = now;
    for (const entry of this.watched.values()) {
      const read = entry.socket?.bytesRead ?? 0;
      const heard = read !== entry.bytesRead;
      const busy = (entry.socket?.writableLength ?? 0) > 0;
      entry.bytesRead = read;
      if (entry.pinged && onTime && !heard && !busy) {
        entry.ws.terminate();
        continue;
      }
      entry.ws.ping();
      entry.pinged = true;
    }
    if (this.watched.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
