// The collaboration core's socket over a ws WebSocket, framing a message shared by a room once.

import * as wsModule from 'ws';
import type { WebSocket } from 'ws';
import { type CollabSocket, SharedMessage } from '../collab/collab-socket.js';

// ws's framing, which it exports (as `Sender`) but its typings leave out. Its maintainers point to
// it for broadcasts (websockets/ws#617); Socket.IO's engine sends every broadcast frame this way.
interface FrameOptions {
  fin: boolean;
  opcode: number;
  mask: boolean;
  readOnly: boolean;
  rsv1: boolean;
}
const { Sender } = wsModule as unknown as { Sender: { frame(data: Buffer, options: FrameOptions): Buffer[] } };

/** What a socket's sender offers to write a frame made elsewhere. */
interface FrameSender {
  sendFrame(list: readonly Buffer[], written?: (error?: Error) => void): void;
}

/** One unmasked, uncompressed binary frame holding all of `data` (what a server sends). */
function frameOf(data: Uint8Array): Buffer {
  const payload = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const [header] = Sender.frame(payload, { fin: true, opcode: 0x2, mask: false, readOnly: true, rsv1: false });
  // One buffer, so that each socket makes one write rather than a corked pair.
  return Buffer.concat([header!, payload], header!.byteLength + payload.byteLength);
}

/** A class, so the thousands of open sockets share its methods. */
export class WsCollabSocket implements CollabSocket {
  /**
   * ws's sender when a frame may be shared: with permessage-deflate every socket compresses its
   * own way, so the frame would not be the same.
   */
  private readonly frames: FrameSender | null;

  constructor(private readonly ws: WebSocket) {
    const sender = (ws as unknown as { _sender?: Partial<FrameSender> })._sender;
    this.frames = ws.extensions === '' && typeof sender?.sendFrame === 'function' ? (sender as FrameSender) : null;
  }

  send(message: Uint8Array | SharedMessage, written?: (error?: Error) => void): void {
    if (message instanceof SharedMessage && this.frames && this.ws.readyState === this.ws.OPEN) {
      // A Buffer, as ws's sender wants; every socket of the room gets the same one.
      const frame = (message.wire ??= frameOf(message.data)) as Buffer;
      this.frames.sendFrame([frame], written);
      return;
    }
    const data = message instanceof SharedMessage ? message.data : message;
    if (written) this.ws.send(data, written);
    else this.ws.send(data);
  }

  close(code: number, reason: string): void {
    this.ws.close(code, reason);
  }

  get bufferedAmount(): number {
    return this.ws.bufferedAmount;
  }
}
