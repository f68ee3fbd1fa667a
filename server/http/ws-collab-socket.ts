// The collaboration core's socket over a ws WebSocket. A message for a whole room is framed once
// and the frame written to every socket; a stored document goes out without being copied.

import type { WebSocket } from 'ws';
import { type CollabSocket, type OutboundMessage, SharedMessage, messageBytes } from '../collab/collab-socket.js';

/**
 * What ws's sender offers to write a frame made elsewhere. Not in ws's typings; its maintainers
 * point to it for broadcasts (websockets/ws#617), and Socket.IO's engine sends every broadcast
 * frame through it.
 */
interface FrameSender {
  /** Two buffers are corked into one write. */
  sendFrame(list: readonly [Buffer] | readonly [Buffer, Buffer], written?: (error?: Error) => void): void;
}

/**
 * ws's receiver: whether it emits every frame of a chunk in one go (ws's server default) or one per
 * turn of the event loop (its `allowSynchronousEvents` option, read at each frame). Not in ws's typings.
 */
interface FrameReceiver {
  _allowSynchronousEvents: boolean;
}

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

function asBuffer(data: Uint8Array): Buffer {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** A class, so the thousands of open sockets share its methods. */
export class WsCollabSocket implements CollabSocket {
  /**
   * ws's sender when frames may be made here: with permessage-deflate every socket compresses its
   * own way, so a frame would be neither shareable nor what ws would send.
   */
  private readonly frames: FrameSender | null;

  /** ws's receiver, where its frame-by-frame switch can be reached. */
  private readonly receiver: FrameReceiver | null;

  constructor(private readonly ws: WebSocket) {
    const { _sender: sender, _receiver: receiver } = ws as unknown as { _sender?: Partial<FrameSender>; _receiver?: Partial<FrameReceiver> };
    this.frames = ws.extensions === '' && typeof sender?.sendFrame === 'function' ? (sender as FrameSender) : null;
    this.receiver = typeof receiver?._allowSynchronousEvents === 'boolean' ? (receiver as FrameReceiver) : null;
  }

  send(message: OutboundMessage, written?: (error?: Error) => void): void {
    if (message instanceof Uint8Array) {
      this.sendData(message, written);
    } else if (!this.frames || this.ws.readyState !== this.ws.OPEN) {
      // ws reports a send on a closing socket through `written`, and compresses where it should.
      this.sendData(messageBytes(message), written);
    } else if (message instanceof SharedMessage) {
      // One buffer, one write per socket; every socket of the room gets the same one.
      const frame = (message.wire ??= Buffer.concat([frameHeader(message.data.byteLength), message.data])) as Buffer;
      this.frames.sendFrame([frame], written);
    } else {
      const head = Buffer.concat([frameHeader(message.head.byteLength + message.body.byteLength), message.head]);
      this.frames.sendFrame([head, asBuffer(message.body)], written);
    }
  }

  private sendData(data: Uint8Array, written?: (error?: Error) => void): void {
    if (written) this.ws.send(data, written);
    else this.ws.send(data);
  }

  /**
   * What a closing client still sends is read only to find its close frame, so reading goes on even
   * if it was paced (or the handshake would wait for ws's 30 s timeout), but a frame per turn: a
   * flooder's backlog is megabytes of frames, and parsing it in one go held everyone else up.
   */
  close(code: number, reason: string): void {
    this.ws.close(code, reason);
    if (this.receiver) this.receiver._allowSynchronousEvents = false;
    this.ws.resume();
  }

  get bufferedAmount(): number {
    return this.ws.bufferedAmount;
  }

  /**
   * Pausing the socket stops reads, but ws still parses the rest of the chunk it has, at once: 64 KiB
   * of tiny frames took 30–70 ms of main thread, and everyone else's frames waited behind it. While
   * paused, ws hands on one frame per turn of the event loop instead.
   */
  pause(): void {
    this.ws.pause();
    if (this.receiver) this.receiver._allowSynchronousEvents = false;
  }

  resume(): void {
    if (this.receiver) this.receiver._allowSynchronousEvents = true;
    this.ws.resume();
  }
}
