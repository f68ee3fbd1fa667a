// Checkpoints a SQLite database's write-ahead log from a thread of its own. Left to itself, SQLite
// copies the log into the database inside whichever commit takes the log past 1,000 pages, fsync
// included: a pause of several milliseconds on the main thread every few hundred edits, which
// every client waiting for an edit to be relayed sits through.

import type { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { startModuleWorker } from '../../module-worker.js';

export type CheckpointRequest = 'checkpoint' | 'close';
export interface CheckpointWorkerData {
  path: string;
}
/** Pages in the log, and how many of them are now in the database file. */
export interface CheckpointResult {
  logPages: number;
  copiedPages: number;
}
export interface CheckpointHooks {
  onError(error: Error): void;
  onCheckpoint?(result: CheckpointResult): void;
}

// About 3 log pages per appended edit: a checkpoint every 100 commits keeps the log near 300 pages.
const COMMITS_PER_CHECKPOINT = 100;
// With the thread running, the store's own connection checkpoints only if the thread falls this far
// behind (pages of 4 KiB): a safety net, not the way it is done.
const FALLBACK_AUTOCHECKPOINT_PAGES = 10_000;
const SQLITE_DEFAULT_AUTOCHECKPOINT_PAGES = 1_000;

export class WalCheckpointer {
  private worker: Worker | null = null;
  private closing: Promise<void> | null = null;
  private commits = 0;

  constructor(
    private readonly path: string,
    private readonly db: Database.Database,
    private readonly hooks: CheckpointHooks,
  ) {}

  /**
   * Starts the thread now rather than at the first checkpoint: starting a thread stalls the event
   * loop for a few milliseconds, which at start-up holds up nobody.
   */
  start(): void {
    if (!this.closing) this.thread();
  }

  /** After each commit; `large`: it wrote a lot at once (a snapshot), so checkpoint now. */
  committed(large = false): void {
    if (this.closing) return;
    if (++this.commits < COMMITS_PER_CHECKPOINT && !large) return;
    this.commits = 0;
    this.thread().postMessage('checkpoint' satisfies CheckpointRequest);
  }

  /** Closes the thread's connection; the store's own must close after it, as the last one. */
  close(): Promise<void> {
    return (this.closing ??= this.stop());
  }

  private async stop(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage('close' satisfies CheckpointRequest);
    await exited;
  }

  // Unless started at once, started on the first checkpoint: a store that is only read, or a test's
  // few edits, needs none.
  private thread(): Worker {
    if (this.worker) return this.worker;
    const data: CheckpointWorkerData = { path: this.path };
    const worker = startModuleWorker(import.meta.url, 'checkpoint-worker', data);
    worker.on('error', (error) => this.hooks.onError(error));
    worker.on('message', (result: CheckpointResult) => this.hooks.onCheckpoint?.(result));
    worker.on('exit', () => {
      if (this.worker !== worker) return;
      this.worker = null;
      // Without the thread, SQLite checkpoints in commits again, as it does by default.
      if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT_PAGES}`);
    });
    // A checkpoint left unfinished at exit is harmless: the next connection to open the file finishes it.
    worker.unref();
    this.db.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
    this.worker = worker;
    return worker;
  }
}
