// Tracks which of this client's own edits the server has stored, from Glossa's Saved messages.
// Register it on a stock y-websocket provider connected with `params: { ack: 'saved' }`.

import * as decoding from 'lib0/decoding';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { MessageType, SAVED_ACK_PARAM, SAVED_ACK_VALUE } from '../../shared/protocol/message-types.js';

export const savedAckParams = { [SAVED_ACK_PARAM]: SAVED_ACK_VALUE } as const;

export class SavedTracker {
  private savedClock = 0;
  private readonly waiters = new Set<() => void>();

  constructor(
    provider: WebsocketProvider,
    private readonly doc: Y.Doc,
  ) {
    provider.messageHandlers[MessageType.Saved] = (_encoder, decoder) => {
      const durable = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
      this.savedClock = Math.max(this.savedClock, durable.get(this.doc.clientID) ?? 0);
      if (this.isSaved()) {
        for (const resolve of this.waiters) resolve();
        this.waiters.clear();
      }
    };
  }

  /** True when every edit made on this client so far is stored on the server. */
  isSaved(): boolean {
    return this.savedClock >= Y.getState(this.doc.store, this.doc.clientID);
  }

  /** Resolves once every edit made so far is stored on the server. */
  whenSaved(): Promise<void> {
    if (this.isSaved()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.add(resolve));
  }
}
