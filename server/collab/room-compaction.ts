// When and how an open document's update log is folded into a snapshot: the policy (due, overdue,
// after a pause in the edits), one compaction at a time, the lock that keeps it to one instance, and
// the bookkeeping of the log's size it decides by.

import type { ClusterBus } from '../cluster/cluster-bus.js';
import type { Logger } from '../logger.js';
import type { Store, StoredState } from '../storage/store.js';
import { withCompactionLock } from './compaction-lock.js';
import type { RoomContent } from './room-content.js';
import { QuietTimer, type StateMerger, floorOf } from './merge/index.js';

export interface CompactionOptions {
  compactMaxRows: number;
  compactMaxBytes: number;
  /** Merges that are due wait for the edits to pause this long (at most ten times as long; less if overdue); 0: at once. */
  mergeQuietMs: number;
  merger: StateMerger;
}

/** What compaction needs of the room. */
export interface CompactionSubject {
  readonly documentId: string;
  /** The room is closing: nothing new starts. */
  readonly closing: boolean;
  /** What is folded (`whole`), told of the snapshot stored (`knowFloor`), and folds its own bytes when no compaction is due. */
  readonly content: Pick<RoomContent, 'whole' | 'knowFloor' | 'foldIfDue'>;
  /** Resolves once everything received is stored. */
  whenDurable(): Promise<void>;
  /** Takes in every row stored by other instances; resolves with the last stored row's id. */
  catchUp(): Promise<number>;
}

// A merge that is due waits for a pause at most this many times mergeQuietMs (10 s by default):
// the edits it would fold in are held in memory meanwhile. Under edits that never pause, a room
// then merges every ten seconds or so, rather than at every doubling of its content.
const MERGE_MAX_WAIT_FACTOR = 10;
// A compaction due for this many times compactMaxRows rows starts without waiting for a pause.
const OVERDUE_COMPACTION_FACTOR = 4;

/**
 * Stores `state` as the document's snapshot of every row up to `upTo`, with its floor (what a client
 * holding all of it lacks: its deletions) when its vector is known; returns the floor.
 */
export async function storeSnapshot(
  store: Store,
  merger: StateMerger,
  documentId: string,
  { state, stateVector }: { state: Uint8Array; stateVector: Uint8Array | null },
  upTo: number,
): Promise<Uint8Array | undefined> {
  const floor = stateVector ? await floorOf(merger, state, stateVector) : undefined;
  await store.compact(documentId, state, upTo, stateVector ?? undefined, floor);
  return floor;
}

export class RoomCompaction {
  private logRows: number;
  private logBytes: number;
  private snapshotBytes: number;
  /** The newest row this room stored or loaded. */
  lastRowId: number;
  /** The compaction under way, if any (one at a time). */
  private running: Promise<void> | null = null;
  /** Starts the merges that are due once the edits pause (made on the first edit: most rooms only read). */
  private quietTimer: QuietTimer | null = null;

  constructor(
    stored: StoredState,
    private readonly subject: CompactionSubject,
    private readonly store: Store,
    private readonly options: CompactionOptions,
    private readonly log: Logger,
    private readonly bus: ClusterBus | null,
  ) {
    this.logRows = stored.updates.length;
    this.logBytes = stored.logBytes;
    this.snapshotBytes = stored.snapshot?.byteLength ?? 0;
    this.lastRowId = stored.lastUpdateId;
  }

  /** Bytes the document takes in the store (snapshot and log): what size limits apply to. */
  get storedBytes(): number {
    return this.snapshotBytes + this.logBytes;
  }

  /** A compaction is under way. */
  get busy(): boolean {
    return this.running !== null;
  }

  private get quiet(): QuietTimer {
    const { mergeQuietMs } = this.options;
    return (this.quietTimer ??= new QuietTimer(mergeQuietMs, MERGE_MAX_WAIT_FACTOR * mergeQuietMs, () => this.mergeNow()));
  }

  /** An edit reached the content: the edits have not paused; `foldDue`: the content's bytes would fold. */
  edited(foldDue: boolean): void {
    this.quiet.touch();
    if (foldDue) this.quiet.schedule();
  }

  /** A row was stored: a compaction that is due starts at once if overdue, otherwise once the edits pause. */
  stored(rowId: number, bytes: number): void {
    this.logRows += 1;
    this.logBytes += bytes;
    this.lastRowId = rowId;
    this.quiet.touch();
    this.scheduleMerges();
  }

  private scheduleMerges(): void {
    if (this.subject.closing || this.running || !this.due()) return;
    if (this.overdue()) void this.compact();
    else this.quiet.schedule();
  }

  /** The edits paused: whatever merge is due starts (a compaction folds the content too). */
  private mergeNow(): void {
    if (this.subject.closing) return;
    if (!this.running && this.due()) void this.compact();
    else this.subject.content.foldIfDue();
  }

  /**
   * Compacting writes the whole document again, so a large document's log may also grow to half
   * its snapshot first: otherwise a stream of small edits to it would rewrite it every
   * few hundred rows, and what it costs would grow with the document rather than with the edits.
   */
  private due(): boolean {
    return this.overdue() || (this.logRows >= this.options.compactMaxRows && this.logBytes >= this.snapshotBytes / 2);
  }

  /** Due too long to wait for a pause: what a load replays is bounded even while edits never stop. */
  private overdue(): boolean {
    if (this.logBytes >= this.options.compactMaxBytes) return true;
    return this.logRows >= OVERDUE_COMPACTION_FACTOR * this.options.compactMaxRows && this.logBytes >= this.snapshotBytes / 2;
  }

  /**
   * Folds the update log into a snapshot of the current state, after the compaction under way if
   * there is one. The document is merged off the main thread while edits go on being stored, so
   * if enough came meanwhile for another, it follows.
   */
  async compact(): Promise<void> {
    while (this.running) await this.running;
    if (this.logRows === 0) return;
    let compacted = false;
    this.running = this.compactOnce()
      .then(
        (done) => {
          compacted = done;
        },
        (error: unknown) => this.log.error({ err: error, documentId: this.subject.documentId }, 'compaction failed; the log is kept'),
      )
      .finally(() => {
        this.running = null;
      });
    await this.running;
    // Only after a compaction that happened: one that failed, or found another instance holding
    // the lock, would otherwise be retried at once, again and again.
    if (compacted) this.scheduleMerges();
  }

  /** False when another instance holds the lock; throws when the merge or the store failed. */
  private async compactOnce(): Promise<boolean> {
    // With several instances, one compacts at a time, and only after taking in every stored row:
    // rows other instances wrote below our last id may not have reached this doc yet.
    const { documentId } = this.subject;
    const done = await withCompactionLock(this.bus, documentId, async () => this.compactLocked(this.bus ? await this.subject.catchUp() : 0));
    return done !== 'skipped' && done;
  }

  /** `caughtUpTo`: every stored row up to this id is known to be in the content. */
  private async compactLocked(caughtUpTo: number): Promise<boolean> {
    await this.subject.whenDurable();
    const upTo = Math.max(this.lastRowId, caughtUpTo);
    const rows = this.logRows;
    const bytes = this.logBytes;
    // The content holds every stored row (this instance wrote or loaded them all) and maybe
    // some not yet stored; those rows will come later with higher ids and stay in the log.
    const { state, stateVector } = await this.subject.content.whole();
    const floor = await storeSnapshot(this.store, this.options.merger, this.subject.documentId, { state, stateVector }, upTo);
    if (stateVector && floor) this.subject.content.knowFloor(state, stateVector, floor);
    this.logRows -= rows;
    this.logBytes -= bytes;
    this.snapshotBytes = state.byteLength;
    return true;
  }

  /** No merge starts after this. */
  stop(): void {
    this.quietTimer?.cancel();
  }
}
