// The documents' history as the API reads it: activity, the state as of a moment, the difference
// between two. The record is read from the store; what is derived from it is worked out in the history
// thread (history-worker.ts) and stored beside it (docs/history.md), a run of new records at a time,
// before each question and when a document's room unloads. A cold question then reads stored rows: the
// feed is a query, the state a checkpoint and the effects after it.

import type { Worker } from 'node:worker_threads';
import type { ActivityFilter, ActivityPage, PastState } from '../../shared/model/activity/activity-entry.js';
import type { RecordedUpdate } from '../../shared/model/history/derive-history.js';
import type { AnnotationDifference } from '../../shared/model/history/diff-states.js';
import type { Logger } from '../logger.js';
import { startModuleWorker } from '../module-worker.js';
import type { DerivedRows, RecordedUpdate as StoredUpdate } from '../storage/history-store.js';
import type { Store } from '../storage/store.js';
import type { DerivedOutput, HistoryReply, HistoryRequest, HistoryValue, StoredMoment } from './history-protocol.js';

/** Documents whose deriver the thread keeps (to go on without rebuilding); the least recently used is let go. */
const HELD = 8;
const HEAP_LIMIT_MB = 2048;
/** Records replayed and stored at a time: each run's rows are written in one short transaction. */
const RUN = 2000;

function toRecord(row: StoredUpdate): RecordedUpdate {
  return { id: row.rowId, at: row.at.toISOString(), author: row.author, source: row.source, update: row.update };
}

function toRows(out: DerivedOutput): DerivedRows {
  return {
    throughRowId: out.throughRowId,
    sinceCheckpoint: out.sinceCheckpoint,
    replacesChange: out.replacesChange,
    entries: out.entries,
    checkpoints: out.checkpoints.map((c) => ({ ...c, at: new Date(c.at) })),
    effects: out.effects.map((e) => ({ ...e, firstAt: new Date(e.firstAt), lastAt: new Date(e.lastAt) })),
  };
}

export class HistoryUnavailableError extends Error {}

export class HistoryService {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (value: HistoryValue) => void; reject: (error: Error) => void }>();
  /** Documents whose deriver the thread holds, least recently used first, with the last record it replayed. */
  private readonly held = new Map<string, number>();
  private turn: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly keepHistory: boolean,
    private readonly log: Logger,
  ) {}

  /** Null when there is no such document. */
  activity(documentId: string, filter: ActivityFilter, before: number | null, limit: number): Promise<ActivityPage | null> {
    return this.inTurn(documentId, () => this.store.history.activity(documentId, filter, before, limit));
  }

  stateAt(documentId: string, at: string): Promise<PastState | null> {
    return this.inTurn(documentId, async () => (await this.send({ type: 'state', moment: await this.moment(documentId, at) })) as PastState);
  }

  diff(documentId: string, from: string, to: string): Promise<AnnotationDifference[] | null> {
    return this.inTurn(documentId, async () => {
      const moments = { from: await this.moment(documentId, from), to: await this.moment(documentId, to) };
      return (await this.send({ type: 'diff', ...moments })) as AnnotationDifference[];
    });
  }

  /** Derives what was recorded since, in the background (a room unloaded: its session's changes are all stored). */
  deriveSoon(documentId: string): void {
    if (!this.keepHistory) return;
    void this.inTurn(documentId, async () => null).catch((error: unknown) =>
      this.log.warn({ err: error, documentId }, 'could not derive the history; it is derived again at the next question'),
    );
  }

  /** The document's record was rewritten (retention): the thread's deriver no longer matches it. */
  invalidate(documentId: string): Promise<void> {
    const run = this.turn.then(() => (this.held.has(documentId) ? this.forget(documentId) : undefined));
    this.turn = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }

  /** One question at a time: each brings the stored derivation up to date with the record first. */
  private inTurn<T>(documentId: string, read: () => Promise<T>): Promise<T | null> {
    if (!this.keepHistory) return Promise.reject(new HistoryUnavailableError('history is off on this server (HISTORY=off)'));
    const run = this.turn.then(async () => ((await this.upToDate(documentId)) ? read() : null));
    this.turn = run.catch(() => undefined);
    return run;
  }

  private async moment(documentId: string, at: string): Promise<StoredMoment> {
    const when = new Date(at);
    const checkpoint = await this.store.history.checkpointAt(documentId, when);
    if (!checkpoint) throw new Error(`no checkpoint of ${documentId} is stored`);
    const effects = await this.store.history.effectsAfter(documentId, checkpoint.afterChangeId, when);
    return { at, afterChangeId: checkpoint.afterChangeId, checkpoint: checkpoint.state, effects };
  }

  /** False when there is no such document, or no record of it. */
  private async upToDate(documentId: string): Promise<boolean> {
    for (;;) {
      const progress = await this.store.history.derivedProgress(documentId);
      const after = progress?.throughRowId ?? null;
      const rows = await this.store.history.record(documentId, after === null ? { limit: RUN } : { afterRowId: after, limit: RUN });
      if (rows === null) {
        if (this.held.has(documentId)) await this.forget(documentId);
        return false;
      }
      if (rows.length === 0) return after !== null;
      const held = after !== null && this.held.get(documentId) === after;
      let from: Extract<HistoryRequest, { type: 'derive' }>['from'];
      if (after === null) from = { kind: 'start' };
      else if (held) from = { kind: 'held' };
      else {
        const prefix = (await this.store.history.record(documentId, { throughRowId: after })) ?? [];
        from = {
          kind: 'resume',
          prefix: prefix.map((r) => r.update),
          throughRowId: after,
          at: prefix.at(-1)?.at.toISOString() ?? '',
          sinceCheckpoint: progress!.sinceCheckpoint,
        };
      }
      const out = (await this.send({ type: 'derive', documentId, from, records: rows.map(toRecord) })) as DerivedOutput;
      this.held.delete(documentId);
      if (!(await this.store.history.saveDerived(documentId, after, toRows(out)))) {
        // Another instance stored its derivation meanwhile: go on from what is stored now.
        await this.forget(documentId);
        continue;
      }
      this.held.set(documentId, out.throughRowId);
      for (const [oldest] of this.held) {
        if (this.held.size <= HELD) break;
        await this.forget(oldest);
      }
      if (rows.length < RUN) return true;
    }
  }

  private async forget(documentId: string): Promise<void> {
    this.held.delete(documentId);
    await this.send({ type: 'forget', documentId });
  }

  private send(request: HistoryRequest): Promise<HistoryValue> {
    const worker = (this.worker ??= this.start());
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, request });
    });
  }

  private start(): Worker {
    const worker = startModuleWorker(import.meta.url, 'history-worker', null, { resourceLimits: { maxOldGenerationSizeMb: HEAP_LIMIT_MB } });
    worker.unref();
    worker.on('message', ({ id, answer }: HistoryReply) => {
      const waiter = this.waiting.get(id);
      this.waiting.delete(id);
      if (answer.ok) waiter?.resolve(answer.value);
      else waiter?.reject(new Error(answer.message));
    });
    // Out of memory, or a bug: what it held is gone; the next question starts a new thread.
    const lost = (error: Error) => {
      if (this.worker !== worker) return;
      this.log.error({ err: error }, 'the history thread stopped; it starts again at the next question');
      this.worker = null;
      this.held.clear();
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`the history thread exited with code ${code}`)));
    return worker;
  }
}
