// Which documents are open in this process. Loading is single-flight (every joiner of a
// document waits for the same load, and nobody is answered before it is in); rooms nobody
// is connected to are written out and unloaded after a grace period.

import { CloseCode } from '../../shared/protocol/close-codes.js';
import type { Logger } from '../logger.js';
import type { ClusterBus, ClusterMessage } from '../cluster/cluster-bus.js';
import type { Store } from '../storage/store.js';
import type { Connection } from './connection.js';
import { Room, type RoomEvents, type RoomOptions } from './room.js';
import { LoadWaiters } from './load-waiters.js';

export interface RoomRegistryOptions extends RoomOptions {
  /** How long an empty room stays loaded, in case someone comes back. */
  idleMs: number;
  /** Called with the final state of a room before it is unloaded (not for deleted documents). */
  beforeUnload?: (room: Room) => Promise<void>;
  /** Another instance changed who may access this document. */
  onAccessChanged?: (documentId: string) => void;
}

// One events object for all rooms (itself), not closures per room.
export class RoomRegistry implements RoomEvents {
  private readonly rooms = new Map<string, Promise<Room | null>>();
  private readonly loaded = new Map<string, Room>();
  private readonly unloading = new Map<string, Promise<void>>();
  private readonly idleTimers = new Map<Room, NodeJS.Timeout>();
  private closed = false;

  private readonly unsubscribers = new Map<Room, () => void>();
  private readonly waiters: LoadWaiters;

  constructor(
    private readonly store: Store,
    private readonly options: RoomRegistryOptions,
    private readonly log: Logger,
    private readonly bus: ClusterBus | null = null,
  ) {
    this.waiters = new LoadWaiters(options.merger);
    // Pub/sub loses what is sent while the link is down: every open room re-reads the store.
    bus?.onReconnect(() => {
      for (const room of this.loaded.values()) void room.catchUp().catch((error: unknown) => log.warn({ err: error }, 'catch-up failed'));
    });
  }

  private onClusterMessage(room: Room, message: ClusterMessage): void {
    switch (message.kind) {
      case 'update':
      case 'awareness':
        room.applyRemote(message);
        return;
      case 'deleted':
        if (this.loaded.get(room.documentId) === room) void this.drop(room, CloseCode.DocumentDeleted);
        return;
      case 'access-changed':
        this.options.onAccessChanged?.(room.documentId);
        return;
    }
  }

  /** Tells the other instances that access to a document changed. */
  announceAccessChange(documentId: string): void {
    this.bus?.publish(documentId, { kind: 'access-changed' });
  }

  /** The registry is closing (the server stops): it opens no more rooms. */
  get stopping(): boolean {
    return this.closed;
  }

  /** Number of rooms currently in memory (loaded or loading). */
  get openCount(): number {
    return this.rooms.size;
  }

  isOpen(documentId: string): boolean {
    return this.rooms.has(documentId);
  }

  /** Every open connection on a document in this process. */
  connectionsOf(documentId: string): readonly Connection[] {
    return this.loaded.get(documentId)?.openConnections ?? [];
  }

  /** The room of a document if it is loaded right now, without loading it. */
  loadedRoom(documentId: string): Room | null {
    return this.loaded.get(documentId) ?? null;
  }

  /**
   * Runs `fn` on the document's room, loading it if needed; a room loaded only for this is
   * unloaded again after the grace period. Null when there is no such document.
   */
  async withRoom<T>(documentId: string, fn: (room: Room) => T | Promise<T>): Promise<{ value: T } | null> {
    const room = await this.open(documentId);
    if (!room) return null;
    this.cancelUnload(room);
    try {
      return { value: await fn(room) };
    } finally {
      if (room.connectionCount === 0 && this.loaded.get(documentId) === room) this.scheduleUnload(room);
    }
  }

  /**
   * Loads the documents one at a time, as if someone had opened them, readied for the clients that
   * will reconnect to them; each is unloaded again after the idle time if nobody comes.
   */
  async warm(documentIds: readonly string[]): Promise<void> {
    for (const documentId of documentIds) {
      if (this.closed) return;
      const ready = (room: Room) => void room.content.prepareForReconnects().catch(() => undefined);
      await this.withRoom(documentId, ready).catch((error: unknown) => this.log.warn({ err: error, documentId }, 'loading a document at start failed'));
    }
  }

  /** Joins `connection` to the document's room; false when there is no such document. */
  async join(documentId: string, connection: Connection): Promise<boolean> {
    const fresh = !this.loaded.has(documentId);
    const room = fresh ? await this.waiters.during(documentId, connection, () => this.open(documentId)) : await this.open(documentId);
    if (!room) return false;
    // An instance that died may have stored updates it never published; take them in before
    // telling the newcomer our state, or it would send them again and they would be stored twice.
    if (this.bus && !fresh) await room.catchUp();
    room.join(connection);
    // The connection may have gone while the room loaded.
    if (room.connectionCount === 0) this.scheduleUnload(room);
    else this.cancelUnload(room);
    return true;
  }

  /** The loaded room of a document, loading it if needed; null for unknown documents. */
  open(documentId: string): Promise<Room | null> {
    if (this.closed) return Promise.resolve(null);
    const existing = this.rooms.get(documentId);
    if (existing) return existing;
    const previous = this.unloading.get(documentId) ?? Promise.resolve();
    const loading = previous.then(() => this.load(documentId));
    this.rooms.set(documentId, loading);
    loading.then(
      (room) => {
        if (!room) this.rooms.delete(documentId);
      },
      (error: unknown) => {
        this.rooms.delete(documentId);
        this.log.error({ err: error, documentId }, 'loading document failed');
      },
    );
    return loading;
  }

  private async load(documentId: string): Promise<Room | null> {
    // Subscribe before reading the store, so nothing published in between is missed; what
    // arrives before the room exists is applied right after (duplicates are no-ops in Yjs).
    let room: Room | null = null;
    const early: ClusterMessage[] = [];
    const unsubscribe = this.bus
      ? await this.bus.subscribe(documentId, (message) => (room ? this.onClusterMessage(room, message) : early.push(message)))
      : null;
    const startedAt = performance.now();
    const stored = await this.store.loadState(documentId).catch((error: unknown) => {
      unsubscribe?.();
      throw error;
    });
    if (!stored) {
      unsubscribe?.();
      return null;
    }
    const readAt = performance.now();
    const sentStored = await this.waiters.sendStoredState(documentId, stored);
    room = new Room(documentId, stored, this.store, this.options, this, this.log, this.bus);
    for (const connection of sentStored) room.content.sentLoadedState(connection);
    await room.content.prime(stored.reaches);
    if (unsubscribe) this.unsubscribers.set(room, unsubscribe);
    for (const message of early) this.onClusterMessage(room, message);
    this.loaded.set(documentId, room);
    const ms = (from: number, to: number) => Math.round(to - from);
    this.log.debug({ documentId, updates: stored.updates.length, readMs: ms(startedAt, readAt), preparedMs: ms(readAt, performance.now()) }, 'room loaded');
    return room;
  }

  onEmpty(room: Room): void {
    this.scheduleUnload(room);
  }

  onGone(room: Room): void {
    void this.drop(room, CloseCode.DocumentDeleted);
  }

  private scheduleUnload(room: Room): void {
    this.cancelUnload(room);
    const timer = setTimeout(() => {
      this.idleTimers.delete(room);
      if (room.connectionCount === 0) void this.unload(room, { compact: true });
    }, this.options.idleMs);
    timer.unref();
    this.idleTimers.set(room, timer);
  }

  private cancelUnload(room: Room): void {
    const timer = this.idleTimers.get(room);
    if (timer) clearTimeout(timer);
    this.idleTimers.delete(room);
  }

  private unload(room: Room, options: { compact: boolean }): Promise<void> {
    this.cancelUnload(room);
    const id = room.documentId;
    this.rooms.delete(id);
    this.loaded.delete(id);
    this.unsubscribers.get(room)?.();
    this.unsubscribers.delete(room);
    const beforeUnload = options.compact ? this.options.beforeUnload : undefined;
    const done = room
      .close(options, beforeUnload)
      .catch((error: unknown) => this.log.error({ err: error, documentId: id }, 'unloading room failed'))
      .finally(() => {
        if (this.unloading.get(id) === done) this.unloading.delete(id);
      });
    this.unloading.set(id, done);
    this.log.debug({ documentId: id }, 'room unloaded');
    return done;
  }

  private drop(room: Room, code: CloseCode): Promise<void> {
    room.disconnectAll(code);
    return this.unload(room, { compact: false });
  }

  /** Closes the document's room everywhere in this process, e.g. because it was deleted. */
  async closeDocument(documentId: string, code: CloseCode): Promise<void> {
    if (code === CloseCode.DocumentDeleted) this.bus?.publish(documentId, { kind: 'deleted' });
    const room = await this.rooms.get(documentId)?.catch(() => null);
    if (room && this.rooms.get(documentId)) await this.drop(room, code);
    await this.whenUnloaded(documentId);
  }

  /** Resolves once an unload of the document that has begun (writing it out included) is over. */
  async whenUnloaded(documentId: string): Promise<void> {
    await this.unloading.get(documentId);
  }

  /** Unloads every room that nobody is connected to and is past nothing but its grace period. */
  async unloadIdle(): Promise<void> {
    const rooms = await Promise.all([...this.rooms.values()].map((p) => p.catch(() => null)));
    await Promise.all(rooms.filter((r): r is Room => !!r && r.connectionCount === 0).map((r) => this.unload(r, { compact: true })));
  }

  /**
   * Stores everything pending and acknowledges it while the connections are still open, then closes
   * them with `code` (one a stock client reconnects after) and unloads every room.
   */
  async close(code: CloseCode = CloseCode.ServiceRestart): Promise<void> {
    this.closed = true;
    const rooms = (await Promise.all([...this.rooms.values()].map((p) => p.catch(() => null)))).filter((r): r is Room => r !== null);
    await Promise.all(rooms.map((room) => room.whenDurable()));
    await Promise.all(
      rooms.map((room) => {
        room.disconnectAll(code);
        return this.unload(room, { compact: true });
      }),
    );
    await Promise.all([...this.unloading.values()]);
  }

  /** Documents whose changes wait to be stored right now. */
  get unsavedDocuments(): number {
    let count = 0;
    for (const room of this.loaded.values()) if (!room.saved) count++;
    return count;
  }
}
