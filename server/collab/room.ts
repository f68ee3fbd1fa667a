// One open document: its content and awareness, the connections on it, and the rules for
// applying, storing and relaying what they send. Knows nothing of HTTP or SQL.
//
// A room starts dormant: it keeps the content as Yjs update bytes, and relays, stores and answers
// clients' edits and syncs from those bytes. It builds a Y.Doc only when the server itself reads
// or changes the content (a command, a REST read, an export), and goes back to bytes once that
// has not happened for a while. The bytes are a fraction of the Y.Doc they would become: a Y.Doc
// keeps an object per item ever written, tombstones included.

import * as Y from 'yjs';
import { CloseCode } from '../../shared/protocol/close-codes.js';
import { encodeSyncStep1, encodeSyncUpdate } from '../../shared/protocol/messages.js';
import type { Logger } from '../logger.js';
import type { Store, StoredState } from '../storage/store.js';
import type { WriteFailure } from '../storage/write-failure.js';
import type { WriteHealth } from '../storage/write-health.js';
import { Connection, type ConnectionSink } from './connection.js';
import type { ClusterBus } from '../cluster/cluster-bus.js';
import type { AwarenessLimits } from './awareness-guard.js';
import { type PresenceSink, RoomPresence } from './room-presence.js';
import { SaveNotices } from './save-notices.js';
import { Dormancy } from './dormancy.js';
import { MessageReceiver, type MessageTarget } from './message-receiver.js';
import { messageSize, SharedMessage } from './collab-socket.js';
import { sendTurns } from './send-turns.js';
import { type DurableBatch, GroupCommit, type GroupCommitHooks, type KnownUpdate } from './group-commit.js';
import { type CompactionOptions, type CompactionSubject, RoomCompaction } from './room-compaction.js';
import { type ContentSink, type DocContent, EncodedContent } from './doc-content.js';
import { applyStoredState, type ContentMark, type DecodedUpdate, type StateMerger, type StoredPieces } from './merge/index.js';

export interface RoomOptions extends AwarenessLimits, CompactionOptions {
  maxMessageBytes: number;
  /** Raw updates that would grow the stored state past this are refused. */
  documentStateBytes: number;
  /** Not read or changed by the server this long, the content is kept as bytes again; 0: never. */
  dormantAfterMs: number;
  /** Merges the content's bytes into one update (off the main thread). */
  merger: StateMerger;
  /** Where every room reports whether its writes to the store succeed. */
  writeHealth: WriteHealth;
}

// How long a joining client's edits wait for its answer to our sync step 1 (see
// MessageReceiver.holdUntilAnswered): a client that never answers is not held back for longer.
const HELD_UPDATES_MS = 1_000;

/** Transaction origin of changes that came from another instance: already stored, not re-published. */
export const REMOTE_ORIGIN = Object.freeze({ source: 'remote-instance' });

export interface RoomEvents {
  /** The last connection left. */
  onEmpty(room: Room): void;
  /** The document was deleted underneath the room. */
  onGone(room: Room): void;
}

// The room is its group commit's hooks (rather than closures per room): thousands of idle rooms
// are common, and each closure costs them memory.
export class Room implements ConnectionSink, GroupCommitHooks, MessageTarget, ContentSink, CompactionSubject, PresenceSink {
  /** The content: update bytes while dormant, a Y.Doc while the server itself works on it. */
  private content: DocContent;
  /** The content changed since the room loaded (the stored annotation count may be out of date). */
  private changed = false;
  private readonly dormancy: Dormancy;
  private readonly presence: RoomPresence;
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
    private readonly options: RoomOptions,
    private readonly events: RoomEvents,
    private readonly log: Logger,
    private readonly bus: ClusterBus | null = null,
  ) {
    this.content = EncodedContent.loaded(stored, this, options.merger);
    this.dormancy = new Dormancy(options.dormantAfterMs, () => this.sleep());
    this.compaction = new RoomCompaction(stored, this, store, options, log, bus);
    this.presence = new RoomPresence(options, this);
    this.receiver = new MessageReceiver(this, options, log);
    this.commit = new GroupCommit(documentId, store, this, log, options.writeHealth);
  }

  /** The document's content as a Y.Doc, for the server's own reads and changes. */
  get doc(): Y.Doc {
    this.dormancy.used();
    return this.content.liveDoc ?? this.wake();
  }

  /** The content changed since the room loaded: what was stored about it (counts) may be stale. */
  get contentChanged(): boolean {
    return this.changed;
  }

  /** The Y.Doc if the server is working on the content right now; null while it is kept as bytes. */
  get builtDoc(): Y.Doc | null {
    return this.content.liveDoc;
  }

  /** The content as it is held right now: the Y.Doc the server works on, or the update bytes. */
  get heldContent(): { doc: Y.Doc } | { pieces: StoredPieces } {
    return this.content.held;
  }

  /** Readies the answers to clients that will reconnect (see EncodedState.prepareForReconnects). */
  prepareForReconnects(): Promise<void> {
    return this.content.prepareForReconnects();
  }

  /**
   * Works out what the room needs before anyone uses it (the state vector of a long log), from the
   * reaches stored with the log rows, or off the main thread.
   */
  prime(reaches?: readonly (Uint8Array | null)[]): Promise<void> {
    return this.content.prime(reaches);
  }

  /** The state vector of everything in the room, without building the Y.Doc. */
  stateVector(): Uint8Array {
    return this.content.stateVector();
  }

  private wake(): Y.Doc {
    this.content = this.content.swap();
    this.dormancy.woke();
    return this.content.liveDoc!;
  }

  /** New content reached the room (from a client, another instance or the server's own change): store or relay it. */
  onContentAdded(update: Uint8Array, origin: unknown, known?: KnownUpdate): void {
    this.changed = true;
    this.compaction.edited(this.content.foldDue);
    // Updates from other instances are already stored and published: they only go to this instance's sockets.
    if (origin === REMOTE_ORIGIN) this.relayEdit(encodeSyncUpdate(update), known?.mark);
    else this.commit.add(update, origin, known);
  }

  /** Keeps the content as bytes again (see Dormancy), unless the room has something in hand. */
  private sleep(): 'slept' | 'busy' {
    if (!this.content.liveDoc || this.closing) return 'slept';
    if (!this.commit.idle || this.compaction.busy) return 'busy';
    this.content = this.content.swap();
    return 'slept';
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

  /** Resolves once every change made to the doc so far is stored (and relayed). */
  whenDurable(): Promise<void> {
    return this.commit.whenDurable();
  }

  join(connection: Connection): void {
    if (connection.closed || this.closing) return;
    this.connections.add(connection);
    // Its edits wait for its answer to our sync step 1 (see MessageReceiver.holdUntilAnswered).
    this.receiver.holdUntilAnswered(connection);
    setTimeout(() => this.releaseHeld(connection), HELD_UPDATES_MS).unref();
    // The same the other way: others' edits reach it after our answer to its sync step 1, which
    // brings what they build on (the answer may take a merge-thread round trip).
    connection.expectAsk();
    connection.send(encodeSyncStep1(this.stateVector()));
    const everyone = this.presence.everyone();
    if (everyone) connection.send(everyone);
    this.notices.joined(connection);
    connection.attach(this);
  }

  /**
   * A second after joining, a client that is not a stock provider stops being waited for: its edits
   * held for its answer to our sync step 1 go ahead in order, and others' edits go to it without
   * waiting for it to ask.
   */
  private releaseHeld(connection: Connection): void {
    connection.notAsked();
    if (connection.closed || this.closing) connection.heldUpdates = null;
    else this.receiver.release(connection);
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

  receive(connection: Connection, data: Uint8Array): void {
    this.receiver.receive(connection, data);
  }

  /** Answers a client's sync step 1 once everything already received is durable, so nothing unsaved is relayed. */
  answerSyncStep1(connection: Connection, clientVector: Map<number, number>, encodedVector: Uint8Array): void {
    connection.asked();
    void this.commit
      .whenDurable()
      .then(() => (connection.closed || this.closing ? null : this.content.answer(connection, clientVector, encodedVector)))
      .then(
        (answer) => {
          const messages = answer?.messages ?? [];
          const bytes = messages.reduce((sum, message) => sum + messageSize(message), 0);
          sendTurns.send(bytes, () => {
            if (!connection.closed && !this.closing) connection.answer(messages, answer?.through);
          });
        },
        (error: unknown) => {
          this.log.error({ err: error, documentId: this.documentId, connection: connection.id }, 'could not answer sync step 1');
          connection.close(CloseCode.InternalError, 'the document could not be read; reconnect to try again');
        },
      );
  }

  applyClientUpdate(connection: Connection, update: Uint8Array, decoded: DecodedUpdate): void {
    this.content.apply(update, decoded, connection);
  }

  acknowledge(connection: Connection): void {
    this.commit.acknowledge(connection);
  }

  receiveAwareness(connection: Connection, update: Uint8Array): void {
    this.presence.receive(connection, update);
  }

  queryAwareness(connection: Connection): void {
    this.presence.query(connection);
  }

  /** The clients were sent the stored state while the room loaded: they hold at least that. */
  sentLoadedState(connections: readonly Connection[]): void {
    for (const connection of connections) this.content.sentLoadedState(connection);
  }

  /** The group commit stored a batch: relay it. */
  onDurable(batch: DurableBatch): void {
    // With a single writer in the batch it already has the update; with several, sending
    // the one merged message to everyone is cheaper than a merge per recipient.
    const only = batch.origins.size === 1 ? batch.origins.values().next().value : undefined;
    const message = new SharedMessage(encodeSyncUpdate(batch.update));
    for (const connection of this.connections) {
      if (connection !== only) connection.relay(message, batch.mark);
    }
    this.bus?.publish(this.documentId, { kind: 'update', update: batch.update });
    this.compaction.stored(batch.rowId, batch.update.byteLength);
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

  /** An edit stored by another instance, to every socket here (after any sync answer it waits on). */
  private relayEdit(message: Uint8Array, mark?: ContentMark): void {
    const shared = new SharedMessage(message);
    for (const connection of this.connections) connection.relay(shared, mark);
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

  /** The room is closing: nothing new starts in it. */
  get closing(): boolean {
    return this.isClosing;
  }

  /** Folds the update log into a snapshot of the current state (see RoomCompaction.compact). */
  compact(): Promise<void> {
    return this.compaction.compact();
  }

  /** Starts a compaction that waits for the edits to pause, and resolves once none is under way. */
  whenCompacted(): Promise<void> {
    return this.compaction.whenCompacted();
  }

  whole(): Promise<{ state: Uint8Array; stateVector: Uint8Array | null }> {
    return this.content.whole();
  }

  knowFloor(state: Uint8Array, stateVector: Uint8Array, floor: Uint8Array): void {
    this.content.knowFloor(state, stateVector, floor);
  }

  foldIfDue(): void {
    this.content.foldIfDue();
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
    this.dormancy.stop();
    this.compaction.stop();
    this.presence.destroy();
    this.content.liveDoc?.destroy();
  }
}
