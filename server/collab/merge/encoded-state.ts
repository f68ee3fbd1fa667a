// A document's content kept as Yjs update bytes rather than a Y.Doc: what a room holds while it
// only relays. Edits are appended as they arrive and folded into one update now and then. The
// bytes are a small fraction of the Y.Doc they would build (a Y.Doc keeps an object per item,
// tombstones included), and appending costs no integration.
//
// Over 300 lines on purpose: one structure whose invariants (the pieces, what their vector is, the
// floor kept with the snapshot, what a fold may drop) every method keeps; split, they would be kept
// across files. Its helpers are beside it (update-arena, vector-tracking, merge-message).

import * as Y from 'yjs';
import { type StateMerger, WORKER_MIN_BYTES } from './state-merger.js';
import { holdsAll, mergePieces } from './merge-message.js';
import { EMPTY_UPDATE, MAX_LOG_MESSAGES, type MergedState, type StoredPieces } from './stored-doc.js';
import { UpdateArena } from './update-arena.js';
import {
  type Beyond,
  type ClockRange,
  type DecodedUpdate,
  type VectorResult,
  beyondFromFlat,
  rangesOf,
  reachRanges,
  track,
  vectorOfRanges,
} from './vector-tracking.js';

// Appended updates are due to be folded in once they hold twice as many bytes as the base, and at
// least this; the room starts the fold when its edits pause (foldIfDue). Each fold re-encodes the
// whole document, so a large document is folded by its compaction, at half its snapshot, and by this only if compaction falls behind.
const MIN_FOLD_COST = 8 * 1024;
// Past this many times the base, and at least OVERDUE_FOLD_COST, a fold starts on the append that
// crosses it, pause or not: the tail of a document whose edits never pause stays bounded, and each
// fold at least quadruples the content since the last, so the merging stays proportional to the
// edits. (An unfolded tail costs the main thread nothing: joiners and reconnects get it merged in
// the merge thread.)
const OVERDUE_FOLD_FACTOR = 4;
const OVERDUE_FOLD_COST = 256 * 1024;
// Folding through a Y.Doc drops deleted content (what Y.mergeUpdates keeps) but takes a few times
// as long and a Y.Doc's memory while it runs, so larger documents merge the bytes as they are and
// are collected when the room closes.
const COLLECT_MAX_BYTES = 256 * 1024;
// A snapshot up to this size has its state vector read on the main thread at load (about 1 ms).
const PRIME_HERE_MAX_BYTES = 256 * 1024;

/** Some of the update's structs are already in the state (a client re-sending what it was sent). */
function repeatsKnown(vector: Map<number, number>, structs: DecodedUpdate['structs']): boolean {
  return structs.some((struct) => struct.id.clock < (vector.get(struct.id.client) ?? 0));
}

/** The update holds structs past `vector`: after a gap, waiting for what comes before them. */
function reachesBeyond(update: Uint8Array, vector: Map<number, number>): boolean {
  for (const [client, clock] of Y.parseUpdateMeta(update).to) if (clock > (vector.get(client) ?? 0)) return true;
  return false;
}

/**
 * A place in the updates a state took in: the first `index` of them (folded or not). A client
 * answered with the content up to a mark has every update before it, relayed or not.
 */
export interface ContentMark {
  readonly state: EncodedState;
  readonly index: number;
}

/** `mark` is at or before `through`: what `mark` ends has reached whoever was sent `through`. */
export function covers(through: ContentMark | undefined, mark: ContentMark | undefined): boolean {
  return !!through && !!mark && through.state === mark.state && mark.index <= through.index;
}

/** What is known of the bytes a state starts from, when they come from a Y.Doc or the store. */
export interface KnownState {
  /** Their state vector. */
  vector: Uint8Array;
  /** They hold structs past the vector (null: not known). */
  holdsPastGap: boolean | null;
  /** They hold no deleted content (encoded from a Y.Doc). */
  collected: boolean;
}

export class EncodedState {
  private base: Uint8Array | null;
  /** What came after the base, until the next fold (made on first use: most rooms only read). */
  private tail: UpdateArena | null = null;
  /** How many updates were ever appended before the tail's first: where each fold's work ends. */
  private tailFirst = 0;
  /** The fold under way off the main thread, if any (one at a time). */
  private folding: { upTo: number; result: Promise<Uint8Array> } | null = null;
  /** Where every client's state reaches without a gap; null when only reading all the bytes would tell. */
  private vector: Map<number, number> | null = null;
  private encodedVector: Uint8Array | null;
  /** Structs held past a gap (see track); null: not known, read from the bytes with the vector. */
  private beyond: Beyond | null;
  /** The base holds no deleted content. */
  private baseCollected: boolean;
  /** The number of the last appended update that deletes something (-1: none). */
  private lastDeleteAt = -1;
  /** The tail's first `count` updates as one, kept for the next client that joins with nothing. */
  private mergedTail: { tailFirst: number; count: number; update: Uint8Array } | null = null;
  /** The merge of the tail for joiners under way, if any. */
  private tailMerge: Promise<void> | null = null;
  /** Something was appended since this state was made. */
  changed = false;
  /** Replaced whenever the base is: until then the pieces only grow (see StateMerger.diff). */
  private epoch: object = {};
  /** The same for the pieces with the base's floor in its place. */
  private floorEpoch: object = {};
  /**
   * What a client holding every struct below `vector` lacks of `base` (its deletions): in place of
   * the base in such a client's diff, the snapshot is not read at all.
   */
  private floor: { base: Uint8Array; vector: Map<number, number>; update: Uint8Array } | null = null;

  /**
   * `baseVector`: the snapshot's exact state vector as stored (nothing of it lies past it), so that
   * a load reads only the log after it; `baseFloor`: the snapshot's floor as stored with it.
   */
  constructor(
    pieces: StoredPieces,
    known: KnownState | null,
    private readonly merger: StateMerger,
    private readonly baseVector: Uint8Array | null = null,
    baseFloor: Uint8Array | null = null,
  ) {
    this.base = pieces.snapshot;
    if (this.base && baseVector && baseFloor) this.knowFloor(this.base, baseVector, baseFloor);
    for (const update of pieces.updates) (this.tail ??= new UpdateArena()).push(update);
    this.encodedVector = known?.vector ?? null;
    this.beyond = known?.holdsPastGap === false ? new Map() : null;
    // Updates passed in are not looked at (they may delete): only a lone base can be known collected.
    this.baseCollected = !!known?.collected && pieces.updates.length === 0;
  }

  /** The content as a snapshot and the updates after it, with nothing merged. */
  get pieces(): StoredPieces {
    return { snapshot: this.base, updates: this.tail?.views() ?? [] };
  }

  /**
   * The content for a client that has nothing: the base, and the tail as one update when it is
   * long (a stock client re-merges early updates at every further one), merged off the main thread.
   * The merge is kept, and the next client to join gets it plus what came since; clients that join
   * while it runs wait for it rather than each starting their own.
   */
  async piecesForEmptyClient(): Promise<StoredPieces> {
    for (let merges = 0; ; merges++) {
      const updates = this.tail?.views() ?? [];
      if (updates.length <= MAX_LOG_MESSAGES) return { snapshot: this.base, updates };
      const kept = this.mergedTail?.tailFirst === this.tailFirst ? this.mergedTail : null;
      const since = kept ? updates.slice(kept.count) : updates;
      // After a merge, what came during it is sent as it is: under a stream of edits, waiting for
      // yet another merge could go on for ever.
      if (kept && (since.length < MAX_LOG_MESSAGES || merges > 0)) return { snapshot: this.base, updates: [kept.update, ...since] };
      // Unmerged only if merging failed twice, or folds kept overtaking it.
      if (merges === 2) return { snapshot: this.base, updates };
      await (this.tailMerge ??= this.mergeTail(updates.length, kept ? [kept.update, ...since] : since));
    }
  }

  /** Merges the tail's first `count` updates (given as `updates`) into `mergedTail`. */
  private async mergeTail(count: number, updates: Uint8Array[]): Promise<void> {
    const tailFirst = this.tailFirst;
    try {
      const update = await this.merger.merge({ snapshot: null, updates });
      if (this.tailFirst === tailFirst) this.mergedTail = { tailFirst, count, update };
    } catch {
      // The joiner gets the updates unmerged.
    } finally {
      this.tailMerge = null;
    }
  }

  /** How many updates the state holds, counting those folded into the base. */
  private get appended(): number {
    return this.tailFirst + (this.tail?.count ?? 0);
  }

  /** Something deleted may still be in the bytes with its content. */
  private get uncollected(): boolean {
    return !this.baseCollected || this.lastDeleteAt >= this.tailFirst;
  }

  /**
   * Adds an update (`decoded` is what it says) and returns the part of it that is new, which is
   * what to store and relay, with what that part decodes to; null when all of it was already here.
   * Without the trimming, content that reached the room twice (from another instance, then from a
   * client that was sent it meanwhile) would be stored twice.
   */
  append(update: Uint8Array, decoded: DecodedUpdate): { fresh: Uint8Array; decoded: DecodedUpdate; ranges: ClockRange[]; mark: ContentMark } | null {
    const vector = this.knownVector();
    let fresh = update;
    if (repeatsKnown(vector, decoded.structs)) {
      fresh = Y.diffUpdate(update, Y.encodeStateVector(vector));
      decoded = Y.decodeUpdate(fresh);
      if (decoded.structs.length === 0 && decoded.ds.clients.size === 0) return null;
    }
    const ranges = rangesOf(decoded.structs);
    track(vector, this.beyond!, ranges);
    this.encodedVector = null;
    const tail = (this.tail ??= new UpdateArena());
    if (decoded.ds.clients.size > 0) this.lastDeleteAt = this.tailFirst + tail.count;
    tail.push(fresh);
    this.changed = true;
    const mark = { state: this, index: this.appended };
    if (this.tailOutgrows(OVERDUE_FOLD_COST, OVERDUE_FOLD_FACTOR)) this.foldInBackground();
    return { fresh, decoded, ranges, mark };
  }

  /** A fold would be worth its cost now: the room starts it (foldIfDue) when its edits pause. */
  get foldDue(): boolean {
    return this.tailOutgrows(MIN_FOLD_COST, 2);
  }

  foldIfDue(): void {
    if (this.foldDue) this.foldInBackground();
  }

  /** No fold is under way, and the tail holds `factor` times the base's bytes and at least `min`. */
  private tailOutgrows(min: number, factor: number): boolean {
    return !this.folding && !!this.tail && this.tail.cost >= Math.max(min, factor * (this.base?.byteLength ?? 0));
  }

  private foldInBackground(): void {
    // A merge that fails leaves the bytes as they were, and the next try starts from them.
    this.startFold().catch(() => undefined);
  }

  /**
   * The whole content as one update and its state vector, merged off the main thread. It holds at
   * least what was appended before the call, and becomes the base (unless a fold overtook it).
   */
  whole(): Promise<MergedState> {
    // The vector as of now is that of everything appended so far: what the merge takes in. Unless
    // nothing lies past it, it would not say all the state holds.
    const vector = this.stateVector();
    const stateVector = this.beyond?.size === 0 ? vector : null;
    if (!this.tail) return Promise.resolve({ state: this.base ?? EMPTY_UPDATE, stateVector });
    const folding = this.folding;
    if (folding && folding.upTo !== this.appended) {
      // One merge at a time; the next folds in what came since this one started.
      return folding.result.catch(() => undefined).then(() => this.whole());
    }
    return (folding?.result ?? this.startFold()).then((state) => ({ state, stateVector }));
  }

  private startFold(): Promise<Uint8Array> {
    const upTo = this.appended;
    const pieces = this.pieces;
    const collect = this.collectOnFold;
    const merging = collect ? this.merger.collect(pieces).then(({ state }) => state) : this.merger.merge(pieces);
    const result = merging.then((state) => {
      this.takeAsBase(state, upTo, collect);
      return state;
    });
    const folding = { upTo, result };
    this.folding = folding;
    const done = () => {
      if (this.folding === folding) this.folding = null;
    };
    result.then(done, done);
    return result;
  }

  /** A fold now should drop deleted content: there may be some, and the state is small enough. */
  private get collectOnFold(): boolean {
    return this.uncollected && (this.base?.byteLength ?? 0) + (this.tail?.cost ?? 0) <= COLLECT_MAX_BYTES;
  }

  /** Makes `state`, the content up to the `upTo`-th update, the base, if nothing newer is. */
  private takeAsBase(state: Uint8Array, upTo: number, collected: boolean): void {
    if (upTo <= this.tailFirst) return;
    this.baseCollected = collected || (this.baseCollected && this.lastDeleteAt < this.tailFirst);
    this.tail = this.tail!.from(upTo - this.tailFirst);
    this.tailFirst = upTo;
    this.mergedTail = null;
    this.base = state;
    this.epoch = {};
    this.floorEpoch = {};
  }

  /**
   * The whole content as one update, merged on this thread now: for what cannot wait, and rare
   * (the state vector after updates that arrived out of order).
   */
  fold(): Uint8Array {
    if (!this.tail) return this.base ?? EMPTY_UPDATE;
    const collect = this.collectOnFold;
    const merged = mergePieces(this.pieces, collect).state;
    this.takeAsBase(merged, this.appended, collect);
    return merged;
  }

  /** The state vector of the content. */
  stateVector(): Uint8Array {
    return (this.encodedVector ??= Y.encodeStateVector(this.vector ?? this.knownVector()));
  }

  /** The vector as a map, with what waits past it: read from the bytes once, when not known. */
  private knownVector(): Map<number, number> {
    if (this.vector && this.beyond) return this.vector;
    const merged = this.fold();
    const read = Y.decodeStateVector(this.encodedVector ?? Y.encodeStateVectorFromUpdate(merged));
    if (!reachesBeyond(merged, read)) {
      this.vector = read;
      this.beyond = new Map();
      return read;
    }
    // Rare (a load of a log written out of order): every struct read once.
    const vector = new Map<number, number>();
    const beyond: Beyond = new Map();
    track(vector, beyond, rangesOf(Y.decodeUpdate(merged).structs));
    this.vector = vector;
    this.beyond = beyond;
    return vector;
  }

  /**
   * What a client at `encodedVector` is missing, off the main thread for a large state, and up to
   * where in the updates the answer goes: clients that ask together are answered from the latest
   * content, which takes in updates appended after this call. The pieces are read as they are:
   * merging them first (a fold) cost more than all the diffs of a reconnect.
   */
  async diff(encodedVector: Uint8Array): Promise<{ update: Uint8Array; through: ContentMark }> {
    const tailFirst = this.tailFirst;
    const basePieces = this.base ? 1 : 0;
    const floor = this.floor?.base === this.base ? this.floor : null;
    const onFloor = !!floor && holdsAll(Y.decodeStateVector(encodedVector), floor.vector);
    const pieces = onFloor ? { snapshot: floor.update, updates: this.pieces.updates } : this.pieces;
    const { update, pieces: used } = await this.merger.diff(pieces, encodedVector, onFloor ? this.floorEpoch : this.epoch);
    return { update, through: { state: this, index: tailFirst + used - basePieces } };
  }

  /** `floor` is what a client holding every struct below `vector` lacks of `base`, if that is still the base. */
  knowFloor(base: Uint8Array, vector: Uint8Array, floor: Uint8Array): void {
    if (base === this.base) this.floor = { base, vector: Y.decodeStateVector(vector), update: floor };
  }

  /**
   * Has the merge thread keep the snapshot and read what any client holding all of it lacks of it
   * (its deletions), ahead of the clients that reconnect after a crash: their answers then read only
   * the log after it: the slow part is done before they are back.
   */
  async prepareForReconnects(): Promise<void> {
    if (this.floor?.base === this.base) return;
    if (this.base && this.baseVector && this.base.byteLength >= WORKER_MIN_BYTES) {
      await this.merger.diff({ snapshot: this.base, updates: [] }, this.baseVector, this.epoch);
    }
  }

  /**
   * Works out the state vector (and what waits past a gap) off the main thread, reading each piece
   * once without merging them: for a state loaded with a long log, before anyone uses it (on the
   * main thread, the first vector would merge the whole log while every document waits).
   */
  async prime(reaches?: readonly (Uint8Array | null)[]): Promise<void> {
    if (this.vector && this.beyond) return;
    const base = this.base?.byteLength ?? 0;
    // Without a log, the vector is one read of the snapshot (no merge): a thread's round trip costs more.
    if (this.tail ? base + this.tail.cost < WORKER_MIN_BYTES : base < PRIME_HERE_MAX_BYTES) {
      this.knownVector();
      return;
    }
    // The snapshot is most of the bytes: its stored vector spares reading it while clients wait.
    const { snapshot, updates } = this.pieces;
    const known =
      snapshot && this.baseVector
        ? (this.vectorFromReaches(this.baseVector, updates, reaches) ?? (await this.merger.vectorAfter(this.baseVector, updates)))
        : await this.merger.vectorOf(this.pieces);
    this.vector = Y.decodeStateVector(known.vector);
    this.encodedVector = known.vector;
    this.beyond = beyondFromFlat(known.beyond);
  }

  /**
   * The vector after `updates` from the reaches stored with them, here: a few bytes a row, against
   * 0.1-0.5 s of decoding 3,000 rows in the merge thread while reconnecting clients waited. Rows
   * stored without one (from a Y.Doc the server worked on, or before reaches were stored) are
   * decoded here if they are few; null if too many.
   */
  private vectorFromReaches(baseVector: Uint8Array, updates: Uint8Array[], reaches?: readonly (Uint8Array | null)[]): VectorResult | null {
    if (reaches?.length !== updates.length) return null;
    let unknownBytes = 0;
    for (const [i, reach] of reaches.entries()) if (!reach) unknownBytes += updates[i]!.byteLength;
    if (unknownBytes > PRIME_HERE_MAX_BYTES) return null;
    const ranges = reaches.map((reach, i) => (reach ? reachRanges(reach) : rangesOf(Y.decodeUpdate(updates[i]!).structs)));
    return vectorOfRanges(ranges, Y.decodeStateVector(baseVector));
  }
}
