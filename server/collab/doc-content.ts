// What a room holds of its document, in one of two forms behind one interface. Dormant (most rooms,
// most of the time): the Yjs update bytes, relayed, stored and answered from without building a
// Y.Doc (EncodedContent). Live: a Y.Doc, while the server itself reads or changes the content
// (a command, a REST read, an export; LiveContent). The room swaps one for the other on wake and sleep.

import * as Y from 'yjs';
import { encodeSyncStep2 } from '../../shared/protocol/messages.js';
import type { StoredState } from '../storage/store.js';
import type { OutboundMessage } from './collab-socket.js';
import type { KnownUpdate } from './group-commit.js';
import {
  type ContentMark,
  type DecodedUpdate,
  docFromStoredState,
  EMPTY_UPDATE,
  EncodedState,
  type StateMerger,
  type StoredPieces,
  storedStateMessages,
  syncStep2Message,
} from './merge/index.js';

/** The answer to a client's sync step 1, and the content it was worked out from (see Connection.answer). */
export interface SyncAnswer {
  messages: OutboundMessage[];
  through?: ContentMark;
}

/** Where what is new in the content goes (to be stored and relayed): the room. */
export interface ContentSink {
  /** `update` is the part of what was applied that the content did not hold yet. */
  onContentAdded(update: Uint8Array, origin: unknown, known?: KnownUpdate): void;
}

export interface DocContent {
  /** The Y.Doc, if the content is live; null while it is kept as bytes. */
  readonly liveDoc: Y.Doc | null;
  /** The content as it is held: the Y.Doc, or the update bytes. */
  readonly held: { doc: Y.Doc } | { pieces: StoredPieces };
  /** A fold of the bytes would pay now (see EncodedState.foldDue). */
  readonly foldDue: boolean;
  /** The state vector of everything held. */
  stateVector(): Uint8Array;
  /** Applies a validated update; what is new of it reaches the sink. */
  apply(update: Uint8Array, decoded: DecodedUpdate | null, origin: unknown): void;
  /**
   * What a client at `clientVector` lacks. `asker` was sent the stored state while the room
   * loaded (see sentLoadedState) if it has at least what was loaded.
   */
  answer(asker: object, clientVector: Map<number, number>, encodedVector: Uint8Array): Promise<SyncAnswer>;
  /** The whole content as one update, and its state vector if nothing in it waits past a gap. */
  whole(): Promise<{ state: Uint8Array; stateVector: Uint8Array | null }>;
  /** The client was sent the content as stored while the room loaded: it holds at least that. */
  sentLoadedState(asker: object): void;
  foldIfDue(): void;
  /** A snapshot was stored with its floor (see EncodedState.knowFloor). */
  knowFloor(state: Uint8Array, stateVector: Uint8Array, floor: Uint8Array): void;
  prepareForReconnects(): Promise<void>;
  prime(reaches?: readonly (Uint8Array | null)[]): Promise<void>;
  /** The other form of the same content; this one is not used again. */
  swap(): DocContent;
}

/** What a client that was sent the loaded state holds at least: its own vector and the loaded one. */
function withLoaded(clientVector: Map<number, number>, loaded: Map<number, number>): Uint8Array {
  for (const [client, clock] of loaded) clientVector.set(client, Math.max(clock, clientVector.get(client) ?? 0));
  return Y.encodeStateVector(clientVector);
}

/**
 * Who was sent the stored state during the load, and what that state's vector was: only while
 * that still describes what they hold (a room gone dormant again answers them from what they send).
 * Made for the first such client: most rooms load with nobody waiting, and thousands of them are open.
 */
class LoadedState {
  private readonly askers = new WeakSet<object>();
  vector: Map<number, number> | null = null;

  add(asker: object): void {
    this.askers.add(asker);
  }

  has(asker: object): boolean {
    return this.askers.has(asker);
  }
}

/** The vector to answer `asker` from: its own, raised to what was loaded if it was sent that. */
function vectorFor(loaded: LoadedState | null, asker: object, clientVector: Map<number, number>, encodedVector: Uint8Array): Uint8Array {
  return loaded?.vector && loaded.has(asker) ? withLoaded(clientVector, loaded.vector) : encodedVector;
}

export class EncodedContent implements DocContent {
  readonly liveDoc = null;

  /** The content as the store holds it (its snapshot's vector and floor as stored with it). */
  static loaded(stored: StoredState, sink: ContentSink, merger: StateMerger): EncodedContent {
    const vector = stored.updates.length === 0 ? stored.snapshotVector : null;
    const known = vector && { vector, holdsPastGap: null, collected: false };
    return new EncodedContent(new EncodedState(stored, known, merger, stored.snapshotVector, stored.snapshotFloor ?? null), sink, merger);
  }

  constructor(
    private readonly state: EncodedState,
    private readonly sink: ContentSink,
    private readonly merger: StateMerger,
    private loaded: LoadedState | null = null,
  ) {}

  get held(): { pieces: StoredPieces } {
    return { pieces: this.state.pieces };
  }

  get foldDue(): boolean {
    return this.state.foldDue;
  }

  stateVector(): Uint8Array {
    return this.state.stateVector();
  }

  apply(update: Uint8Array, decoded: DecodedUpdate | null, origin: unknown): void {
    // What a client sent the stored state during the load has: known only before the first change.
    if (this.loaded) this.loaded.vector ??= Y.decodeStateVector(this.state.stateVector());
    const appended = this.state.append(update, decoded ?? Y.decodeUpdate(update));
    if (appended) this.sink.onContentAdded(appended.fresh, origin, appended);
  }

  async answer(asker: object, clientVector: Map<number, number>, encodedVector: Uint8Array): Promise<SyncAnswer> {
    // Two common cases need no work: a client sent the stored state, with nothing changed since,
    // has everything, and a client with nothing (not sent them during the load) gets the bytes as they are.
    const preSynced = this.loaded?.has(asker) ?? false;
    if (preSynced && !this.state.changed) return { messages: [encodeSyncStep2(EMPTY_UPDATE)] };
    if (clientVector.size === 0 && !preSynced) return { messages: storedStateMessages(await this.state.piecesForEmptyClient()) };
    // Answered with only what came after the stored state, not the whole document a second time.
    const { update, through } = await this.state.diff(vectorFor(this.loaded, asker, clientVector, encodedVector));
    return { messages: [syncStep2Message(update)], through };
  }

  whole(): Promise<{ state: Uint8Array; stateVector: Uint8Array | null }> {
    return this.state.whole();
  }

  sentLoadedState(asker: object): void {
    (this.loaded ??= new LoadedState()).add(asker);
  }

  foldIfDue(): void {
    this.state.foldIfDue();
  }

  knowFloor(state: Uint8Array, stateVector: Uint8Array, floor: Uint8Array): void {
    this.state.knowFloor(state, stateVector, floor);
  }

  prepareForReconnects(): Promise<void> {
    return this.state.prepareForReconnects();
  }

  prime(reaches?: readonly (Uint8Array | null)[]): Promise<void> {
    return this.state.prime(reaches);
  }

  swap(): LiveContent {
    const doc = docFromStoredState(this.state.pieces);
    if (this.loaded) this.loaded.vector ??= Y.decodeStateVector(Y.encodeStateVector(doc));
    return new LiveContent(doc, this.sink, this.merger, this.loaded);
  }
}

export class LiveContent implements DocContent {
  readonly foldDue = false;

  constructor(
    readonly liveDoc: Y.Doc,
    private readonly sink: ContentSink,
    private readonly merger: StateMerger,
    private loaded: LoadedState | null,
  ) {
    // Registered after loading, so stored state is never stored again.
    liveDoc.on('update', (update: Uint8Array, origin: unknown) => sink.onContentAdded(update, origin));
  }

  get held(): { doc: Y.Doc } {
    return { doc: this.liveDoc };
  }

  stateVector(): Uint8Array {
    return Y.encodeStateVector(this.liveDoc);
  }

  apply(update: Uint8Array, _decoded: DecodedUpdate | null, origin: unknown): void {
    Y.applyUpdate(this.liveDoc, update, origin);
  }

  async answer(asker: object, clientVector: Map<number, number>, encodedVector: Uint8Array): Promise<SyncAnswer> {
    const vector = vectorFor(this.loaded, asker, clientVector, encodedVector);
    return { messages: [syncStep2Message(Y.encodeStateAsUpdate(this.liveDoc, vector))] };
  }

  async whole(): Promise<{ state: Uint8Array; stateVector: Uint8Array | null }> {
    const doc = this.liveDoc;
    return { state: Y.encodeStateAsUpdate(doc), stateVector: doc.store.pendingStructs ? null : Y.encodeStateVector(doc) };
  }

  sentLoadedState(asker: object): void {
    (this.loaded ??= new LoadedState()).add(asker);
  }

  foldIfDue(): void {}

  knowFloor(): void {}

  async prepareForReconnects(): Promise<void> {}

  async prime(): Promise<void> {}

  /** Back to bytes; the Y.Doc is destroyed. */
  swap(): EncodedContent {
    const doc = this.liveDoc;
    const state = new EncodedState(
      { snapshot: Y.encodeStateAsUpdate(doc), updates: [] },
      { vector: Y.encodeStateVector(doc), holdsPastGap: doc.store.pendingStructs !== null, collected: true },
      this.merger,
    );
    doc.destroy();
    // "Has the state as loaded" no longer describes what the room holds: clients that re-sync later
    // (a provider's resyncInterval) are answered from the vector they send.
    return new EncodedContent(state, this.sink, this.merger);
  }
}
