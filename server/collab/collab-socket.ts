// The minimal socket the collaboration core needs; the HTTP layer adapts real WebSockets to it.

export interface CollabSocket {
  send(data: Uint8Array): void;
  close(code: number, reason: string): void;
  /** Bytes queued for sending and not yet handed to the network. */
  readonly bufferedAmount: number;
}
