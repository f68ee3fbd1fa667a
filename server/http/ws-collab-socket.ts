// The collaboration core's socket over a ws WebSocket, through ws's public API and the TCP socket
// under it (node:http hands that to the upgrade).

import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import { type CollabSocket, type OutboundMessage, SharedMessage, SplitMessage } from '../collab/collab-socket.js';

// A paced socket that is closed is not read again (see `close`): the close frame has this long to
// reach the client before the connection is dropped.
const CLOSE_UNREAD_MS = 500;

/** The header of one final, unmasked binary frame of `length` bytes: what a server sends (RFC 6455, 5.2). */
function frameHeader(length: number): Buffer {
  const lengthBytes = length < 126 ? 0 : length < 65_536 ? 2 : 8;
  const header = Buffer.allocUnsafe(2 + lengthBytes);
  header[0] = 0x82;
  header[1] = lengthBytes === 0 ? length : lengthBytes === 2 ? 126 : 127;
  if (lengthBytes === 2) header.writeUInt16BE(length, 2);
  else if (lengthBytes === 8) header.writeBigUInt64BE(BigInt(length), 2);
  return header;
}

/** A class, so the thousands of open sockets share its methods. */
export class WsCollabSocket implements CollabSocket {
  private paused = false;

  /** `socket`: the TCP connection under `ws`. */
  constructor(
    private readonly ws: WebSocket,
    private readonly socket: Socket,
  ) {}

  send(message: OutboundMessage, written?: (error?: Error) => void): void {
    if (message instanceof SharedMessage) this.sendShared(message, written);
    else if (message instanceof SplitMessage) {
      // Two fragments of one message (RFC 6455, 5.4): the body, a stored document of a few MB, is
      // written as it is instead of being copied behind its head.
      this.ws.send(message.head, { binary: true, fin: false });
      this.ws.send(message.body, { binary: true, fin: true }, written);
    } else if (written) this.ws.send(message, written);
    else this.ws.send(message);
  }

  /**
   * A relay to a whole room is framed once, and that frame written to every socket: under fan-out the
   * socket writes are most of the server's work, and ws would build a header and cork two writes per
   * socket. Written beside ws, which writes at once too: with no compression (the server offers none)
   * its sender never queues, so frames keep their order.
   */
  private sendShared(message: SharedMessage, written?: (error?: Error) => void): void {
    if (this.ws.extensions !== '' || this.ws.readyState !== this.ws.OPEN) {
      // ws reports a send on a closing socket through `written`, and compresses where it should.
      if (written) this.ws.send(message.data, written);
      else this.ws.send(message.data);
      return;
    }
    message.wire ??= Buffer.concat([frameHeader(message.data.byteLength), message.data]);
    this.socket.write(message.wire, written && ((error) => written(error ?? undefined)));
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
