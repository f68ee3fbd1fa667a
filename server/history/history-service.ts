// The documents' history as the API reads it: activity, the state as of a moment, the difference
// between two. The record is read from the store; what is derived from it is worked out and kept in
// the history thread (history-worker.ts), for the few documents asked about most recently, and
// brought up to date with the rows recorded since at each question.

import type { Worker } from 'node:worker_threads';
import type { ActivityFilter, ActivityPage, PastState } from '../../shared/model/activity/activity-entry.js';
import type { RecordedUpdate } from '../../shared/model/history/derive-history.js';
import type { AnnotationDifference } from '../../shared/model/history/diff-states.js';
import type { Logger } from '../logger.js';
import { startModuleWorker } from '../module-worker.js';
import type { RecordedUpdate as StoredUpdate } from '../storage/history-store.js';
import type { Store } from '../storage/store.js';
import type { HistoryReply, HistoryRequest, HistoryValue } from './history-protocol.js';

/** Documents whose derived history the thread keeps; the least recently asked about is let go. */
const HELD = 8;
const HEAP_LIMIT_MB = 2048;

function toRecord(row: StoredUpdate): RecordedUpdate {
  return { id: row.rowId, at: row.at.toISOString(), author: row.author, source: row.source, update: row.update };
}

export class HistoryUnavailableError extends Error {}

export class HistoryService {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (value: HistoryValue) => void; reject: (error: Error) => void }>();
  /** Documents the thread holds, least recently asked about first, with the last record it has. */
  private readonly held = new Map<string, number>();
  private turn: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly keepHistory: boolean,
    private readonly log: Logger,
  ) {}

  /** Null when there is no such document. */
  activity(documentId: string, filter: ActivityFilter, before: number | null, limit: number): Promise<ActivityPage | null> {
    return this.ask(documentId, { type: 'activity', documentId, filter, before, limit }) as Promise<ActivityPage | null>;
  }

  stateAt(documentId: string, at: string): Promise<PastState | null> {
    return this.ask(documentId, { type: 'state', documentId, at }) as Promise<PastState | null>;
  }

  diff(documentId: string, from: string, to: string): Promise<AnnotationDifference[] | null> {
    return this.ask(documentId, { type: 'diff', documentId, from, to }) as Promise<AnnotationDifference[] | null>;
  }

  /** The document's record was rewritten (retention): what the thread derived from it is let go. */
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

  /** One question at a time: each brings the thread up to date with the record first. */
  private ask(documentId: string, request: HistoryRequest): Promise<HistoryValue> {
    if (!this.keepHistory) return Promise.reject(new HistoryUnavailableError('history is off on this server (HISTORY=off)'));
    const run = this.turn.then(async () => ((await this.upToDate(documentId)) ? this.send(request) : null));
    this.turn = run.catch(() => undefined);
    return run;
  }

  private async upToDate(documentId: string): Promise<boolean> {
    const last = this.held.get(documentId);
    const rows = await this.store.history.record(documentId, last === undefined ? {} : { afterRowId: last });
    if (rows === null || (last === undefined && rows.length === 0)) {
      if (last !== undefined) await this.forget(documentId);
      return false;
    }
    this.held.delete(documentId);
    if (rows.length > 0 || last === undefined) {
      const answer = (await this.send({ type: 'extend', documentId, records: rows.map(toRecord), fresh: last === undefined })) as { lastRecordId: number };
      this.held.set(documentId, answer.lastRecordId);
    } else this.held.set(documentId, last);
    for (const [oldest] of this.held) {
      if (this.held.size <= HELD) break;
      await this.forget(oldest);
    }
    return true;
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
