// The minimal socket the collaboration core needs; the HTTP layer adapts real WebSockets to it.

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

export interface CollabSocket {
  /** `written` is called once the data has been handed to the operating system (or failed). */
  send(data: Uint8Array | SharedMessage, written?: (error?: Error) => void): void;
  close(code: number, reason: string): void;
  /** Bytes queued for sending and not yet handed to the network. */
  readonly bufferedAmount: number;
}
