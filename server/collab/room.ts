// One open document: its content and presence, the connections on it, and the rule that what they
// send is stored before it is relayed (GroupCommit). Knows nothing of HTTP or SQL. How an update
// goes through the room and its parts: docs/architecture.md.

import type * as Y from 'yjs';
import type { CloseCode } from '../../shared/protocol/close-codes.js';
import { encodeSyncUpdate } from '../../shared/protocol/messages.js';
import type { Logger } from '../logger.js';
import type { Store, StoredState } from '../storage/store.js';
import type { WriteFailure } from '../storage/write-failure.js';
import type { WriteHealth } from '../storage/write-health.js';
import type { ClusterBus } from '../cluster/cluster-bus.js';
import { Connection, type ConnectionSink } from './connection.js';
import type { AwarenessLimits } from './awareness-guard.js';
import { type PresenceSink, RoomPresence } from './room-presence.js';
import { SaveNotices } from './save-notices.js';
import { MessageReceiver, type MessageTarget } from './message-receiver.js';
import { SharedMessage } from './collab-socket.js';
import { type DurableBatch, GroupCommit, type GroupCommitHooks, type KnownUpdate } from './group-commit.js';
import { type CompactionOptions, type CompactionSubject, RoomCompaction } from './room-compaction.js';
import { type ContentOwner, RoomContent, type RoomContentOptions } from './room-content.js';
import { applyStoredState } from './merge/index.js';

export interface RoomOptions extends AwarenessLimits, CompactionOptions, RoomContentOptions {
  maxMessageBytes: number;
  /** Raw updates that would grow the stored state past this are refused. */
  documentStateBytes: number;
  /** Where every room reports whether its writes to the store succeed. */
  writeHealth: WriteHealth;
}

/** Transaction origin of changes that came from another instance: already stored, not re-published. */
export const REMOTE_ORIGIN = Object.freeze({ source: 'remote-instance' });

export interface RoomEvents {
  /** The last connection left. */
  onEmpty(room: Room): void;
  /** The document was deleted underneath the room. */
  onGone(room: Room): void;
}

// The room is its parts' hooks (rather than closures per room): thousands of idle rooms are
// common, and each closure costs them memory.
export class Room implements ConnectionSink, GroupCommitHooks, MessageTarget, ContentOwner, CompactionSubject, PresenceSink {
  readonly content: RoomContent;
  readonly presence: RoomPresence;
  /** The content changed since the room loaded (the stored annotation count may be out of date). */
  private changed = false;
  private readonly connections = new Set<Connection>();
  private readonly notices = new SaveNotices(this.connections);
  private readonly commit: GroupCommit;
  private readonly receiver: MessageReceiver;
  private readonly compaction: RoomCompaction;
  private isClosing = false;

  constructor(
    readonly documentId: string,
    stored: StoredState,
    private readonly store: Store,
    options: RoomOptions,
    private readonly events: RoomEvents,
    private readonly log: Logger,
    private readonly bus: ClusterBus | null = null,
  ) {
    this.content = new RoomContent(stored, this, options);
    this.compaction = new RoomCompaction(stored, this, store, options, log, bus);
    this.presence = new RoomPresence(options, this);
    this.receiver = new MessageReceiver(this, options, log);
    this.commit = new GroupCommit(documentId, store, this, log, options.writeHealth);
  }

  /** The document's content as a Y.Doc, for the server's own reads and changes. */
  get doc(): Y.Doc {
    return this.content.doc;
  }

  /** The content changed since the room loaded: what was stored about it (counts) may be stale. */
  get contentChanged(): boolean {
    return this.changed;
  }

  /** The room is closing: nothing new starts in it. */
  get closing(): boolean {
    return this.isClosing;
  }

  /** Unstored edits or a compaction in hand: the content stays as it is. */
  get busy(): boolean {
    return !this.commit.idle || this.compaction.busy;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** The connections open on this document right now. */
  get openConnections(): readonly Connection[] {
    return [...this.connections];
  }

  /** Bytes the document takes in the store (snapshot and log): what size limits apply to. */
  get storedBytes(): number {
    return this.compaction.storedBytes;
  }

  /** Nothing received waits to be stored. */
  get saved(): boolean {
    return this.commit.idle;
  }

  /** Why storing this document's changes fails right now (they wait in memory, in order, and are retried); null while it works. */
  get storeFailure(): WriteFailure | null {
    return this.notices.storeFailure;
  }

  stateVector(): Uint8Array {
    return this.content.stateVector();
  }

  /** Resolves once every change made to the doc so far is stored (and relayed). */
  whenDurable(): Promise<void> {
    return this.commit.whenDurable();
  }

  join(connection: Connection): void {
    if (connection.closed || this.closing) return;
    this.connections.add(connection);
    this.receiver.greet(connection);
    const everyone = this.presence.everyone();
    if (everyone) connection.send(everyone);
    this.notices.joined(connection);
    connection.attach(this);
  }

  receive(connection: Connection, data: Uint8Array): void {
    this.receiver.receive(connection, data);
  }

  away(connection: Connection): void {
    this.presence.away(connection);
  }

  back(connection: Connection): void {
    this.presence.back(connection);
  }

  leave(connection: Connection): void {
    if (!this.connections.delete(connection)) return;
    this.presence.leave(connection);
    if (this.connections.size === 0) this.events.onEmpty(this);
  }

  acknowledge(connection: Connection): void {
    this.commit.acknowledge(connection);
  }

  /** New content reached the room (from a client, another instance or the server's own change): store or relay it. */
  onContentAdded(update: Uint8Array, origin: unknown, known?: KnownUpdate): void {
    this.changed = true;
    this.compaction.edited(this.content.foldDue);
    // Updates from other instances are already stored and published: they only go to this instance's sockets.
    if (origin === REMOTE_ORIGIN) this.relay(encodeSyncUpdate(update), known?.mark);
    else this.commit.add(update, origin, known);
  }

  /** The group commit stored a batch: relay it. */
  onDurable(batch: DurableBatch): void {
    // With a single writer in the batch it already has the update; with several, sending
    // the one merged message to everyone is cheaper than a merge per recipient.
    const only = batch.origins.size === 1 ? batch.origins.values().next().value : undefined;
    this.relay(encodeSyncUpdate(batch.update), batch.mark, only);
    this.bus?.publish(this.documentId, { kind: 'update', update: batch.update });
    this.compaction.stored(batch.rowId, batch.update.byteLength);
  }

  /** An edit to every socket here but `except` (each after any sync answer it waits on). */
  private relay(message: Uint8Array, mark: DurableBatch['mark'], except?: unknown): void {
    const shared = new SharedMessage(message);
    for (const connection of this.connections) if (connection !== except) connection.order.relay(shared, mark);
  }

  /** The group commit stored everything the waiters sent: tell them. */
  onAcknowledge(waiters: ReadonlySet<unknown>, stateVector: Uint8Array): void {
    this.notices.saved(waiters, stateVector);
  }

  onStoreFailing(failure: WriteFailure): void {
    this.notices.failing(failure);
  }

  onStoreRecovered(): void {
    this.notices.recovered();
  }

  onDocumentGone(): void {
    this.events.onGone(this);
  }

  presenceChanged(message: Uint8Array, update: Uint8Array, fromHere: boolean): void {
    if (fromHere) this.bus?.publish(this.documentId, { kind: 'awareness', update });
    const shared = new SharedMessage(message);
    for (const connection of this.connections) connection.send(shared);
  }

  /** Applies what another instance published for this document. */
  applyRemote(message: { kind: 'update' | 'awareness'; update: Uint8Array }): void {
    try {
      if (message.kind === 'update') this.content.apply(message.update, null, REMOTE_ORIGIN);
      else this.presence.applyRemote(message.update);
    } catch (error) {
      this.log.warn({ err: error, documentId: this.documentId }, 'could not apply a message from another instance');
    }
  }

  /**
   * Applies everything in the shared store that this instance may have missed (published while
   * its link was down, or stored by an instance that died before publishing). Idempotent.
   */
  async catchUp(): Promise<number> {
    const stored = await this.store.loadState(this.documentId);
    if (!stored || this.closing) return 0;
    // Nothing stored by anyone since the room loaded: a dormant room stays dormant. (Once it has
    // changed, its own last row says nothing about rows other instances wrote before it.)
    if (!this.changed && stored.lastUpdateId === this.compaction.lastRowId) return stored.lastUpdateId;
    applyStoredState(this.doc, stored, REMOTE_ORIGIN);
    return stored.lastUpdateId;
  }

  /** Folds the update log into a snapshot of the current state (see RoomCompaction.compact). */
  compact(): Promise<void> {
    return this.compaction.compact();
  }

  /** Closes every connection with `code`. */
  disconnectAll(code: CloseCode, detail?: string): void {
    for (const connection of [...this.connections]) connection.close(code, detail);
  }

  /** Stores what is pending, compacts, and releases the document. */
  async close(options: { compact: boolean }, beforeUnload?: (room: Room) => Promise<void>): Promise<void> {
    this.isClosing = true;
    await this.commit.whenDurable();
    if (options.compact) await this.compact();
    await beforeUnload?.(this);
    this.compaction.stop();
    this.presence.destroy();
    this.content.stop();
  }
}
