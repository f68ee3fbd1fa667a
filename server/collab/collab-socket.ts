// The minimal socket the collaboration core needs; the HTTP layer adapts real WebSockets to it.

import { joinMessage } from '../../shared/protocol/messages.js';

/**
 * One message for many sockets (a relay to a whole room). The transport may keep what it puts on
 * the wire for the first socket and reuse it for the rest: one WebSocket frame per relay rather
 * than one per recipient. The bytes must not change once the message is made.
 */
export class SharedMessage {
  /** The transport's wire form of `data`, made by the first socket that sends it. */
  wire: Uint8Array | null = null;

  constructor(readonly data: Uint8Array) {}
}

/**
 * One message made of a small head and a large body, sent as one without copying the body into it
 * (a stored document, a few MB, going to a client that joins).
 */
export class SplitMessage {
  constructor(
    readonly head: Uint8Array,
    readonly body: Uint8Array,
  ) {}
}

export type OutboundMessage = Uint8Array | SharedMessage | SplitMessage;

/** The message's bytes as one array (a split message's body copied): for a transport that cannot do better. */
export function messageBytes(message: OutboundMessage): Uint8Array {
  if (message instanceof SharedMessage) return message.data;
  return message instanceof SplitMessage ? joinMessage(message.head, message.body) : message;
}

/** The message's length in bytes, without joining a split one. */
export function messageSize(message: OutboundMessage): number {
  if (message instanceof SharedMessage) return message.data.byteLength;
  return message instanceof SplitMessage ? message.head.byteLength + message.body.byteLength : message.byteLength;
}

export interface CollabSocket {
  /** `written` is called once the data has been handed to the operating system (or failed). */
  send(message: OutboundMessage, written?: (error?: Error) => void): void;
  /** Starts the close handshake; reads on (even if paused) until the client's close frame comes. */
  close(code: number, reason: string): void;
  /** Bytes queued for sending and not yet handed to the network. */
  readonly bufferedAmount: number;
  /** Stops reading from the client (backpressure: it slows the sender down through TCP). */
  pause(): void;
  resume(): void;
}
