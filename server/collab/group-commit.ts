// Group commit for one document: updates that arrive within one event-loop turn are merged,
// appended to the store as one row per person who made them (the history says who did what), and
// only then handed on for relay. Flushes run strictly in order, so clients see updates in the order
// they became durable.

import { type ClockRange, type ContentMark, type DecodedUpdate, encodeReach, mergeDecoded, mergeUpdates } from './merge/index.js';
import type { Logger } from '../logger.js';
import { DocumentGoneError, type Store } from '../storage/store.js';
import type { ChangeBy } from '../storage/history-store.js';
import { changeBy } from './change-author.js';
import type { WriteFailure } from '../storage/write-failure.js';
import type { WriteHealth } from '../storage/write-health.js';

export interface DurableBatch {
  /** The merged update, as stored. */
  update: Uint8Array;
  /** Where each merged update came from (a connection, or the server itself). */
  origins: ReadonlySet<unknown>;
  /** Id of the log row it was stored in. */
  rowId: number;
  /** Where the last of its updates is in the room's content, if every one of them came with a mark. */
  mark?: ContentMark;
}

export interface GroupCommitHooks {
  /** Called after a batch is durable, before the next flush starts. */
  onDurable(batch: DurableBatch): void;
  /** Called after each flush with the waiters who asked to be told what is durable. */
  onAcknowledge(waiters: ReadonlySet<unknown>, durableStateVector: Uint8Array): void;
  /** Called once the document turns out to be deleted; nothing more can be stored. */
  onDocumentGone(): void;
  /** The state vector of everything the document holds now (stored or in this batch). */
  stateVector(): Uint8Array;
  /** Storing failed: what waits is kept and retried, and is not saved until then. */
  onStoreFailing(failure: WriteFailure): void;
  /** Storing works again after onStoreFailing: everything that waited is stored. */
  onStoreRecovered(): void;
}

const RETRY_MIN_MS = 50;
const RETRY_MAX_MS = 5_000;
/** While storing keeps failing, one line per document this often (the first failure has its own). */
const RETRY_LOG_EVERY_MS = 30_000;
// Decoded structs take several times the bytes' memory. A batch that grows past this (a store
// that has been failing for a while, with edits piling up) keeps only the bytes and is merged
// by Y.mergeUpdates.
const MAX_DECODED = 512;

/** What the room already worked out of an update it hands over, so that nothing here reads it again. */
export interface KnownUpdate {
  decoded: DecodedUpdate;
  /** Where its structs lie (the row's reach is made of these). */
  ranges: readonly ClockRange[];
  /** Where it is in the room's content, handed on with the batch it is stored in. */
  mark?: ContentMark;
}

/** The pending updates of one person (or of nobody known), made one way: stored as one row. */
class Lane {
  readonly updates: Uint8Array[] = [];
  /** What the room knew of each update, while every one of them came with it. */
  known: KnownUpdate[] | null;
  readonly origins = new Set<unknown>();
  /** The last update's mark, while every one of them came with one. */
  mark: ContentMark | undefined;

  constructor(
    readonly by: ChangeBy,
    /** Its first update came with what the room knew of it. */
    known: boolean,
  ) {
    this.known = known ? [] : null;
  }

  add(update: Uint8Array, origin: unknown, known: KnownUpdate | undefined): void {
    this.mark = this.updates.length === 0 || this.mark ? known?.mark : undefined;
    this.updates.push(update);
    if (known && this.known && this.known.length < MAX_DECODED) this.known.push(known);
    else this.known = null;
    this.origins.add(origin);
  }
}

export class GroupCommit {
  // Made on first use and handed over whole at each flush: an idle document holds none of them.
  /** Pending updates by person and source, in the order their first arrived. */
  private pending: Map<string, Lane> | null = null;
  private ackWaiters: Set<unknown> | null = null;
  private scheduled: Promise<void> | null = null;
  private flushing = 0;
  private chain: Promise<void> = Promise.resolve();
  private gone = false;
  /** Storing has failed since the last batch that was stored. */
  private failing = false;

  constructor(
    private readonly documentId: string,
    private readonly store: Store,
    private readonly hooks: GroupCommitHooks,
    private readonly log: Logger,
    private readonly health: WriteHealth,
  ) {}

  /** `known`, if the caller has it, spares the merge and the row's reach a read of `update`. */
  add(update: Uint8Array, origin: unknown, known?: KnownUpdate): void {
    const by = changeBy(origin);
    const key = by.source === null ? (by.author?.id ?? '') : `${by.source}\0${by.author?.id ?? ''}`;
    const pending = (this.pending ??= new Map<string, Lane>());
    let lane = pending.get(key);
    if (!lane) pending.set(key, (lane = new Lane(by, known !== undefined)));
    lane.add(update, origin, known);
    void this.schedule();
  }

  /** `waiter` is told (onAcknowledge) once everything received so far is durable. */
  acknowledge(waiter: unknown): void {
    (this.ackWaiters ??= new Set()).add(waiter);
    void this.schedule();
  }

  /** Nothing waits to be stored, is being stored, or waits for an acknowledgement. */
  get idle(): boolean {
    return !this.pending && !this.ackWaiters && !this.scheduled && this.flushing === 0;
  }

  /** Resolves once everything added so far is durable (or the document is gone). */
  whenDurable(): Promise<void> {
    if (this.pending || this.ackWaiters) return this.schedule();
    return this.scheduled ?? this.chain;
  }

  private schedule(): Promise<void> {
    if (!this.scheduled) {
      this.scheduled = new Promise<void>((resolve) => {
        // setImmediate: everything the event loop delivers in this turn joins the batch.
        setImmediate(() => {
          this.scheduled = null;
          this.flushing++;
          this.chain = this.chain.then(() => this.flush()).finally(() => this.flushing--);
          this.chain.then(resolve, resolve);
        });
      });
    }
    return this.scheduled;
  }

  private async flush(): Promise<void> {
    const lanes = this.pending;
    const waiters = this.ackWaiters;
    this.pending = null;
    this.ackWaiters = null;
    // Everything in the doc now is either in this batch or already stored.
    const durableStateVector = waiters ? this.hooks.stateVector() : null;
    // Each person's row is relayed as soon as it is stored; a row relayed is never taken back.
    for (const lane of lanes?.values() ?? []) {
      if (this.gone) return;
      const { updates, known, origins, mark, by } = lane;
      const reach = known ? encodeReach(known.map(({ ranges }) => ranges)) : null;
      const update = (updates.length > 1 && known && mergeDecoded(known.map(({ decoded }) => decoded))) || mergeUpdates(updates);
      const rowId = await this.appendWithRetry(update, reach, by);
      if (rowId === null) return;
      this.hooks.onDurable({ update, origins, rowId, mark });
    }
    if (waiters && durableStateVector && !this.gone) this.hooks.onAcknowledge(waiters, durableStateVector);
  }

  private async appendWithRetry(update: Uint8Array, reach: Uint8Array | null, by: ChangeBy): Promise<number | null> {
    let loggedAt = 0;
    for (let attempt = 0; ; attempt++) {
      try {
        const rowId = await this.store.appendUpdate(this.documentId, update, reach, by);
        if (this.failing) this.recovered(attempt);
        return rowId;
      } catch (error) {
        if (error instanceof DocumentGoneError) {
          this.gone = true;
          if (this.failing) this.recovered(attempt);
          this.hooks.onDocumentGone();
          return null;
        }
        // Never drop the batch: nothing is relayed or acknowledged until it is stored.
        const delay = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** attempt);
        const failure = this.health.failed(this.documentId, error);
        if (!this.failing) {
          this.failing = true;
          this.hooks.onStoreFailing(failure);
        }
        if (Date.now() - loggedAt >= RETRY_LOG_EVERY_MS) {
          loggedAt = Date.now();
          this.log.error(
            { err: error, documentId: this.documentId, reason: failure.reason, attempt, retryInMs: delay },
            'storing update failed; kept and retrying',
          );
        }
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }

  private recovered(attempts: number): void {
    this.failing = false;
    this.health.succeeded(this.documentId);
    this.log.info({ documentId: this.documentId, attempts }, 'stored the changes that waited');
    this.hooks.onStoreRecovered();
  }
}
