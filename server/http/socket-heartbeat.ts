// Notices sockets whose other end has gone silent (a laptop closed, a train tunnel, a browser
// offline) within two beats, instead of the 30 s a stock provider waits for presence to time out.
//
// One timer for the whole process pings every socket. A socket counts as heard from when any bytes
// arrived since the last beat (a pong, or a large upload still arriving), and as busy while bytes
// to it wait to be written (a big document still going out on a slow link). One silent beat after
// a ping withdraws the person's presence (the connection stays: a client whose own event loop was
// busy for a second must not pay a reconnect and a resync for it); hearing from it again brings the
// presence back. Only a socket silent for DEAD_AFTER_MS is ended.

import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';

/** How long a socket may stay silent before it is ended, as the reference y-websocket server does. */
export const DEAD_AFTER_MS = 30_000;

/** Told when its socket goes silent and when it is heard from again. */
export interface SilenceListener {
  wentSilent(): void;
  heard(): void;
}

interface Watched {
  ws: WebSocket;
  socket: Socket;
  listener: SilenceListener;
  bytesRead: number;
  /** A ping went out at the last beat: silence since then means no answer. */
  pinged: boolean;
  silentBeats: number;
}

export class SocketHeartbeat {
  private readonly watched = new Map<WebSocket, Watched>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private lastBeat = 0;
  private readonly deadBeats: number;

  constructor(private readonly intervalMs: number) {
    this.deadBeats = Math.max(2, Math.ceil(DEAD_AFTER_MS / Math.max(1, intervalMs)));
  }

  /** `socket`: the connection under `ws`, whose byte counts show a client still sending. */
  watch(ws: WebSocket, socket: Socket, listener: SilenceListener): void {
    if (this.intervalMs <= 0) return;
    this.watched.set(ws, { ws, socket, listener, bytesRead: socket.bytesRead, pinged: false, silentBeats: 0 });
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
      const read = entry.socket.bytesRead;
      const heard = read !== entry.bytesRead || entry.socket.writableLength > 0;
      entry.bytesRead = read;
      if (heard) {
        if (entry.silentBeats > 0) entry.listener.heard();
        entry.silentBeats = 0;
      } else if (entry.pinged && onTime) {
        entry.silentBeats++;
        if (entry.silentBeats === 1) entry.listener.wentSilent();
        if (entry.silentBeats >= this.deadBeats) {
          entry.ws.terminate();
          continue;
        }
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
