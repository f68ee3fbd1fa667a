// What a room tells the clients that asked for acknowledgements (`?ack=saved`): a Saved message once
// what they sent is stored, and whether storing is failing right now (docs/protocol.md).

import { encodeSavedMessage, encodeStoreStatusMessage } from '../../shared/protocol/messages.js';
import { STORE_OK, type StoreStatus } from '../../shared/protocol/store-status.js';
import type { WriteFailure } from '../storage/write-failure.js';
import { SharedMessage } from './collab-socket.js';
import { Connection } from './connection.js';

export class SaveNotices {
  /** Why storing fails right now (what waits is kept in order and retried); null while it works. */
  private failure: WriteFailure | null = null;

  /** The room's open connections (the room's own set, read at each notice). */
  constructor(private readonly connections: ReadonlySet<Connection>) {}

  get storeFailure(): WriteFailure | null {
    return this.failure;
  }

  private get status(): StoreStatus {
    const failure = this.failure;
    return failure ? { saving: 'failing', reason: failure.reason, message: failure.message } : STORE_OK;
  }

  /** A connection that joins while storing fails is told at once. */
  joined(connection: Connection): void {
    if (this.failure && connection.options.wantsSavedAck) connection.send(encodeStoreStatusMessage(this.status));
  }

  /** Everything `waiters` sent is stored, up to `stateVector`. */
  saved(waiters: ReadonlySet<unknown>, stateVector: Uint8Array): void {
    const message = encodeSavedMessage(stateVector);
    for (const waiter of waiters) {
      if (waiter instanceof Connection && this.connections.has(waiter)) waiter.send(message);
    }
  }

  failing(failure: WriteFailure): void {
    this.failure = failure;
    this.tell();
  }

  recovered(): void {
    this.failure = null;
    this.tell();
  }

  private tell(): void {
    const message = new SharedMessage(encodeStoreStatusMessage(this.status));
    for (const connection of this.connections) {
      if (connection.options.wantsSavedAck) connection.send(message);
    }
  }
}
