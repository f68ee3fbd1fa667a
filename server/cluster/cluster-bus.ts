// What the collaboration core needs from whatever links several server instances: a channel per
// document, and a lock. Redis provides it (redis-bus.ts); a single instance runs without one.

export type ClusterMessage =
  /** A Yjs update already durable in the shared store. */
  | { kind: 'update'; update: Uint8Array }
  /** An awareness update from a socket on another instance. */
  | { kind: 'awareness'; update: Uint8Array }
  /** The document was deleted: close its rooms everywhere. */
  | { kind: 'deleted' }
  /** Grants or links changed: re-check the sockets on this document. */
  | { kind: 'access-changed' };

export type ClusterHandler = (message: ClusterMessage) => void;

export interface ClusterBus {
  /** This instance's id; messages it published are not delivered back to it. */
  readonly instanceId: string;
  publish(documentId: string, message: ClusterMessage): void;
  /** Resolves once the subscription is active; the returned function unsubscribes. */
  subscribe(documentId: string, handler: ClusterHandler): Promise<() => void>;
  /** Called after the link to the other instances was lost and is back (messages may have been missed). */
  onReconnect(listener: () => void): void;
  /** A lock held by one instance at a time, or null when another holds it. */
  tryLock(name: string, ttlMs: number): Promise<(() => Promise<void>) | null>;
  close(): Promise<void>;
}
