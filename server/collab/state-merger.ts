// Merges a document's update bytes into one update off the main thread. A room keeps its
// content as bytes and re-encodes all of them now and then (a fold, a compaction); at about
// 12 MB/s that held up the relay of every edit to a 170 KB document for 10 ms or more.

import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../logger.js';
import { type MergeReply, type MergeRequest, mergePieces, packPieces } from './merge-message.js';
import type { MergedState, StoredPieces } from './stored-doc.js';

export interface StateMerger {
  /** The pieces as one update and its state vector; `collect`: with deleted content dropped. */
  merge(pieces: StoredPieces, collect: boolean): Promise<MergedState>;
  /** Stops the thread; later merges run on the caller's. */
  close(): Promise<void>;
}

// Below this, posting the pieces and the answer costs about what merging them here does.
const WORKER_MIN_BYTES = 16 * 1024;

/** Merges on the caller's thread: for tests, and where a thread cannot be started. */
export const inThreadMerger: StateMerger = {
  merge: (pieces, collect) => Promise.resolve(mergePieces(pieces, collect)),
  close: () => Promise.resolve(),
};

function piecesBytes(pieces: StoredPieces): number {
  return pieces.updates.reduce((sum, update) => sum + update.byteLength, pieces.snapshot?.byteLength ?? 0);
}

/**
 * The compiled server starts the thread from its JavaScript; run from TypeScript sources (tests,
 * `tsx`), the thread loads them through tsx as the main thread does.
 */
function startWorker(): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(fromSource ? './merge-worker.ts' : './merge-worker.js', import.meta.url);
  const tsx = fromSource ? pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href : null;
  return new Worker(entry, tsx ? { execArgv: ['--import', tsx] } : {});
}

interface Pending {
  pieces: StoredPieces;
  collect: boolean;
  resolve(merged: MergedState): void;
  reject(error: Error): void;
}

export class WorkerStateMerger implements StateMerger {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;

  constructor(private readonly log: Logger) {}

  merge(pieces: StoredPieces, collect: boolean): Promise<MergedState> {
    if (this.closed || piecesBytes(pieces) < WORKER_MIN_BYTES) return inThreadMerger.merge(pieces, collect);
    const worker = this.thread();
    const id = this.nextId++;
    const { bytes, ends } = packPieces(pieces);
    const request: MergeRequest = { id, bytes, ends, collect };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { pieces, collect, resolve, reject });
      // Held only while it works: an idle thread must not keep the process alive.
      worker.ref();
      worker.postMessage(request, [bytes.buffer]);
    });
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = startWorker();
    worker.on('message', (reply: MergeReply) => this.settle(reply));
    // A thread that dies takes its queue with it: those merges are done here instead, so a
    // crash costs time, never content.
    worker.on('error', (error) => this.log.error({ err: error }, 'merge thread failed; merging on the main thread'));
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = null;
      for (const [id, job] of this.pending) {
        this.pending.delete(id);
        inThreadMerger.merge(job.pieces, job.collect).then(job.resolve, job.reject);
      }
    });
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private settle(reply: MergeReply): void {
    const job = this.pending.get(reply.id);
    if (!job) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker?.unref();
    if ('error' in reply) job.reject(new Error(reply.error));
    else job.resolve({ state: reply.state, stateVector: reply.stateVector });
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.worker?.terminate();
  }
}
