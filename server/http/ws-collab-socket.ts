// The collaboration core's socket over a ws WebSocket, through ws's public API only.

import type { WebSocket } from 'ws';
import { type CollabSocket, type OutboundMessage, SplitMessage } from '../collab/collab-socket.js';

// A paced socket that is closed is not read again (see `close`): the close frame has this long to
// reach the client before the connection is dropped.
const CLOSE_UNREAD_MS = 500;

/** A class, so the thousands of open sockets share its methods. */
export class WsCollabSocket implements CollabSocket {
  private paused = false;

  constructor(private readonly ws: WebSocket) {}

  send(message: OutboundMessage, written?: (error?: Error) => void): void {
    if (message instanceof SplitMessage) {
      // Two fragments of one message (RFC 6455, 5.4): the body, a stored document of a few MB, is
      // written as it is instead of being copied behind its head.
      this.ws.send(message.head, { binary: true, fin: false });
      this.ws.send(message.body, { binary: true, fin: true }, written);
      return;
    }
    if (written) this.ws.send(message, written);
    else this.ws.send(message);
  }

  /**
   * A paced client closed (a flooder, at 1013) may have megabytes of frames queued before its close
   * frame, and ws would parse every one of them at once to find it: it is not read again, and is let
   * go once our close frame has had time to reach it (the client still gets the code and reason).
   */
  close(code: number, reason: string): void {
    this.ws.close(code, reason);
    if (this.paused) setTimeout(() => this.ws.terminate(), CLOSE_UNREAD_MS).unref();
  }

  get bufferedAmount(): number {
    return this.ws.bufferedAmount;
  }

  pause(): void {
    this.paused = true;
    this.ws.pause();
  }

  resume(): void {
    this.paused = false;
    this.ws.resume();
  }
}
