// What the server says about storing, for a stock y-websocket provider connected with
// `params: { ack: 'saved' }`: which of this client's own edits are stored (Saved, type 100) and
// whether the server can store the document's changes right now (StoreStatus, type 101).
// A client that asks for Saved is sent both, so it must handle both (the stock provider logs an
// error for a message type it has no handler for). No Lit here: it runs in Node as in the browser.

import * as decoding from 'lib0/decoding';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { MessageType, SAVED_ACK_PARAM, SAVED_ACK_VALUE } from '../../shared/protocol/message-types.js';
import { readStoreStatus } from '../../shared/protocol/messages.js';
import { STORE_OK, type StoreStatus } from '../../shared/protocol/store-status.js';

export const savedAckParams = { [SAVED_ACK_PARAM]: SAVED_ACK_VALUE } as const;

/**
 * Dispatches `change` when what it reports changes: more of this client's edits are stored, or
 * the store status turns.
 */
export class SavedTracker extends EventTarget {
  private savedClock = 0;
  private status: StoreStatus = STORE_OK;
  private readonly waiters = new Set<() => void>();

  constructor(
    provider: WebsocketProvider,
    private readonly doc: Y.Doc,
  ) {
    super();
    provider.messageHandlers[MessageType.Saved] = (_encoder, decoder) => {
      const durable = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
      const clock = durable.get(this.doc.clientID) ?? 0;
      if (clock <= this.savedClock) return;
      this.savedClock = clock;
      if (this.isSaved()) {
        for (const resolve of this.waiters) resolve();
        this.waiters.clear();
      }
      this.dispatchEvent(new Event('change'));
    };
    provider.messageHandlers[MessageType.StoreStatus] = (_encoder, decoder) => this.setStatus(readStoreStatus(decoder));
    // The server tells each connection on joining if storing fails, and every change after; what it
    // said holds for that connection only (storing may work again by the time the next one opens).
    provider.on('status', ({ status }: { status: string }) => {
      if (status !== 'connected') this.setStatus(STORE_OK);
    });
  }

  private setStatus(status: StoreStatus): void {
    const same =
      status.saving === this.status.saving &&
      (status.saving === 'ok' || (this.status.saving === 'failing' && status.reason === this.status.reason && status.message === this.status.message));
    if (same) return;
    this.status = status;
    this.dispatchEvent(new Event('change'));
  }

  /**
   * Whether the server can store this document's changes now, as it last said on this connection
   * (`ok` while disconnected: nothing is known then). While it fails, changes wait in the server's
   * memory and are stored, in order, when it works again.
   */
  get storeStatus(): StoreStatus {
    return this.status;
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
