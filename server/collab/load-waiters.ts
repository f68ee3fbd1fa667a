// Clients that join a document while it loads. Those that hold nothing yet are sent the stored state
// as stored, before the room does any work on it: a large document then loads in the clients while
// the server prepares. (A reconnecting client already has the document, and is answered what it lacks.)

import type { StoredState } from '../storage/store.js';
import type { Connection } from './connection.js';
import { MAX_LOG_MESSAGES, type StateMerger, storedStateMessages } from './merge/index.js';

// Work on a large document blocks the event loop: the bytes are let reach the clients first, for
// at most this long (a client may not read).
const STORED_STATE_FLUSH_MS = 2_000;

export class LoadWaiters {
  private readonly waiting = new Map<string, Set<Connection>>();

  constructor(private readonly merger: StateMerger) {}

  /** Waits for `loading` with `connection` among the document's waiters. */
  async during<T>(documentId: string, connection: Connection, loading: () => Promise<T>): Promise<T> {
    let waiters = this.waiting.get(documentId);
    if (!waiters) this.waiting.set(documentId, (waiters = new Set()));
    waiters.add(connection);
    try {
      return await loading();
    } finally {
      waiters.delete(connection);
      if (waiters.size === 0 && this.waiting.get(documentId) === waiters) this.waiting.delete(documentId);
    }
  }

  /** Sends the stored state to the document's waiters that hold nothing; returns those it was sent to. */
  async sendStoredState(documentId: string, stored: StoredState): Promise<Connection[]> {
    const waiters = [...(this.waiting.get(documentId) ?? [])].filter((c) => !c.closed && c.holdsNothing === true);
    if (waiters.length === 0) return [];
    // A long log is merged off the main thread first.
    const log = stored.updates.length > MAX_LOG_MESSAGES ? [await this.merger.merge({ snapshot: null, updates: stored.updates })] : stored.updates;
    const messages = storedStateMessages({ snapshot: stored.snapshot, updates: log });
    const written = waiters.map((connection) => new Promise<void>((resolve) => connection.sendAll(messages, resolve)));
    await Promise.race([Promise.all(written), new Promise((resolve) => setTimeout(resolve, STORED_STATE_FLUSH_MS).unref())]);
    return waiters;
  }
}
