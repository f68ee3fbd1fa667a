// A room's content in the form that suits it now (see doc-content.ts): update bytes, built into a
// Y.Doc while the server itself reads or changes it, and back to bytes once it has not for a while
// (see Dormancy). The bytes are a fraction of the Y.Doc they would become: a Y.Doc keeps an object
// per item ever written, tombstones included.

import type * as Y from 'yjs';
import type { StoredState } from '../storage/store.js';
import type { Connection } from './connection.js';
import { type ContentSink, type DocContent, EncodedContent, type SyncAnswer } from './doc-content.js';
import { Dormancy } from './dormancy.js';
import type { DecodedUpdate, StateMerger, StoredPieces } from './merge/index.js';

/** The room, to the content: where what is new goes, and whether the Y.Doc may go back to bytes. */
export interface ContentOwner extends ContentSink {
  /** Something in hand (unstored edits, a compaction): the Y.Doc stays for now. */
  readonly busy: boolean;
  /** Closing: the Y.Doc stays for good. */
  readonly closing: boolean;
}

export interface RoomContentOptions {
  /** Not read or changed by the server this long, the content is kept as bytes again; 0: never. */
  dormantAfterMs: number;
  merger: StateMerger;
}

export class RoomContent {
  private form: DocContent;
  /** Made when the server first works on the content: most rooms never need it. */
  private dormancy: Dormancy | null = null;

  constructor(
    stored: StoredState,
    private readonly owner: ContentOwner,
    private readonly options: RoomContentOptions,
  ) {
    this.form = EncodedContent.loaded(stored, owner, options.merger);
  }

  /** The content as a Y.Doc, built if it is kept as bytes, for the server's own reads and changes. */
  get doc(): Y.Doc {
    const dormancy = (this.dormancy ??= new Dormancy(this.options.dormantAfterMs, () => this.sleep()));
    dormancy.used();
    if (this.form.liveDoc) return this.form.liveDoc;
    this.form = this.form.swap();
    dormancy.woke();
    return this.form.liveDoc!;
  }

  /** The content as it is held right now: the Y.Doc the server works on, or the update bytes. */
  get held(): { doc: Y.Doc } | { pieces: StoredPieces } {
    return this.form.held;
  }

  /** A fold of the bytes would pay now (see EncodedState.foldDue). */
  get foldDue(): boolean {
    return this.form.foldDue;
  }

  private sleep(): 'slept' | 'busy' {
    if (!this.form.liveDoc || this.owner.closing) return 'slept';
    if (this.owner.busy) return 'busy';
    this.form = this.form.swap();
    return 'slept';
  }

  /** The state vector of everything held, without building the Y.Doc. */
  stateVector(): Uint8Array {
    return this.form.stateVector();
  }

  /** Applies a validated update; what is new of it reaches the owner. */
  apply(update: Uint8Array, decoded: DecodedUpdate | null, origin: unknown): void {
    this.form.apply(update, decoded, origin);
  }

  /** What a client at `clientVector` lacks. */
  answer(connection: Connection, clientVector: Map<number, number>, encodedVector: Uint8Array): Promise<SyncAnswer> {
    return this.form.answer(connection, clientVector, encodedVector);
  }

  /** The whole content as one update, and its state vector if nothing in it waits past a gap. */
  whole(): Promise<{ state: Uint8Array; stateVector: Uint8Array | null }> {
    return this.form.whole();
  }

  /** The client was sent the content as stored while the room loaded: it holds at least that. */
  sentLoadedState(connection: Connection): void {
    this.form.sentLoadedState(connection);
  }

  /** The edits paused: the bytes fold if that pays. */
  foldIfDue(): void {
    this.form.foldIfDue();
  }

  /** A snapshot was stored with its floor (see EncodedState.knowFloor). */
  knowFloor(state: Uint8Array, stateVector: Uint8Array, floor: Uint8Array): void {
    this.form.knowFloor(state, stateVector, floor);
  }

  /** Readies the answers to clients that will reconnect (see EncodedState.prepareForReconnects). */
  prepareForReconnects(): Promise<void> {
    return this.form.prepareForReconnects();
  }

  /**
   * Works out what the room needs before anyone uses it (the state vector of a long log), from the
   * reaches stored with the log rows, or off the main thread.
   */
  prime(reaches?: readonly (Uint8Array | null)[]): Promise<void> {
    return this.form.prime(reaches);
  }

  /** The room closed: the Y.Doc, if built, is released. */
  stop(): void {
    this.dormancy?.stop();
    this.form.liveDoc?.destroy();
  }
}
