// The minimal socket the collaboration core needs; the HTTP layer adapts real WebSockets to it.

export interface CollabSocket {
  /** `written` is called once the data has been handed to the operating system (or failed). */
  send(data: Uint8Array, written?: (error?: Error) => void): void;
  close(code: number, reason: string): void;
  /** Bytes queued for sending and not yet handed to the network. */
  readonly bufferedAmount: number;
}
