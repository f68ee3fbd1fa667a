// Merges a document's update bytes into one update off the main thread. A room keeps its
// content as bytes and re-encodes all of them now and then (a fold, a compaction), which on the
// main thread would hold up the relay of every edit. Reading a whole document (what the documents
// list shows, when its room unloads) goes the same way.

import type { Worker } from 'node:worker_threads';
import type { Logger } from '../../logger.js';
import { startModuleWorker } from '../../module-worker.js';
import { KEEP_MIN_BYTES } from './kept-states.js';
import {
  type DiffAnswer,
  type MergeReply,
  type MergeRequest,
  type MergeTask,
  type MergeWorkerData,
  type TaskResults,
  packPieces,
  runTask,
} from './merge-message.js';
import { type MergedState, type StoredPieces, piecesInOrder } from './stored-doc.js';
import { mergeStarted } from './merge-events.js';
import type { DocumentSummary } from '../../../shared/model/document-summary.js';
import type { VectorResult } from './vector-tracking.js';

function piecesBytes(pieces: StoredPieces): number {
  return piecesInOrder(pieces).reduce((sum, update) => sum + update.byteLength, 0);
}

/** Runs a task on this thread, told to `glossa:merge` subscribers. */
function runHere<T extends MergeTask>(pieces: StoredPieces, task: T, bytes: number): TaskResults[T] {
  const ended = mergeStarted(task, bytes, false);
  try {
    return runTask(pieces, task);
  } finally {
    ended();
  }
}

export abstract class StateMerger {
  /** The pieces as one update, deleted content and all. */
  async merge(pieces: StoredPieces): Promise<Uint8Array> {
    return (await this.run(pieces, 'merge')).state;
  }

  /** The pieces as one update with deleted content dropped (built through a Y.Doc), and its state vector. */
  async collect(pieces: StoredPieces): Promise<MergedState> {
    return this.run(pieces, 'collect');
  }

  /**
   * What a client at `vector` lacks of the pieces (each read whole, none merged with another).
   * `growing`: the pieces are the start of a content that only grows while this key is the same
   * (a room's, until it folds); a diff asked meanwhile of the same key may be answered from more
   * of it, and the answer says from how many pieces.
   */
  async diff(pieces: StoredPieces, vector: Uint8Array, growing?: object): Promise<DiffAnswer> {
    const [answer] = (await this.run({ snapshot: pieces.snapshot, updates: [...pieces.updates, vector] }, 'diff', growing)).states;
    return answer!;
  }

  /** The pieces' state vector and what waits past a gap in them, without merging them. */
  vectorOf(pieces: StoredPieces): Promise<VectorResult> {
    return this.run(pieces, 'vector');
  }

  /** The same for `updates` that follow a state whose exact vector (nothing past it) is `vector`. */
  vectorAfter(vector: Uint8Array, updates: Uint8Array[]): Promise<VectorResult> {
    return this.run({ snapshot: vector, updates }, 'vectorAfter');
  }

  /** What the documents list shows of the pieces: counts, activity (read through a Y.Doc). */
  summarize(pieces: StoredPieces): Promise<DocumentSummary> {
    return this.run(pieces, 'summarize');
  }

  /** `growing`: see `diff`. */
  protected abstract run<T extends MergeTask>(pieces: StoredPieces, task: T, growing?: object): Promise<TaskResults[T]>;

  /** Stops the thread, if any; later merges run on the caller's. */
  abstract close(): Promise<void>;
}

/**
 * What a client holding every struct below `vector` lacks of `state`: its deletions, to be stored
 * with a snapshot so that a reconnecting client's answer need not read the whole snapshot for the
 * few bytes of it that it lacks.
 */
export async function floorOf(merger: StateMerger, state: Uint8Array, vector: Uint8Array): Promise<Uint8Array> {
  return (await merger.diff({ snapshot: state, updates: [] }, vector)).update;
}

/** Merges on the caller's thread: for tests, and for states too small to be worth a thread. */
class InThreadMerger extends StateMerger {
  protected run<T extends MergeTask>(pieces: StoredPieces, task: T): Promise<TaskResults[T]> {
    return Promise.resolve(runHere(pieces, task, piecesBytes(pieces)));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

export const inThreadMerger: StateMerger = new InThreadMerger();

// Smaller states are merged where they are, in less time than the trip to the thread; larger ones
// would stall every edit on the instance (docs/benchmarks-history.md).
export const WORKER_MIN_BYTES = 8 * 1024;

// A few large documents' states: a room asks about its state several times in a row (a fold, then
// a diff per reconnecting client), rarely about another room's in between.
const KEPT_STATES_BYTES = 64 * 1024 * 1024;

function startWorker(warmUp: boolean, keptBytes: number): Worker {
  const workerData: MergeWorkerData = { warmUp, keptBytes };
  return startModuleWorker(import.meta.url, 'merge-worker', workerData);
}

// Someone waits on these (a joining client for its answer, a room for its load); the rest (folds,
// compactions, what the documents list shows) can wait for them. After a restart, 20 reconnecting
// writers' answers queued behind a fold of 1.7 s and each other's diffs.
const WAITED_ON: ReadonlySet<MergeTask> = new Set(['diff', 'vector', 'vectorAfter']);

interface Job {
  pieces: StoredPieces;
  task: MergeTask;
  growing?: object;
  bytes: number;
  startedAt: number;
  /** Tells `glossa:merge` subscribers it is over. */
  ended(): void;
  resolve(result: TaskResults[MergeTask]): void;
  reject(error: Error): void;
}

/** A request in the thread: its jobs, and for diffs the content they are all answered from. */
interface InFlight {
  id: number;
  jobs: Job[];
  content: Uint8Array[] | null;
}

/** The state a diff is asked about, without its vector (the last piece). */
function diffContent(job: Job): Uint8Array[] {
  return piecesInOrder(job.pieces).slice(0, -1);
}

export class WorkerStateMerger extends StateMerger {
  private worker: Worker | null = null;
  /** Jobs not yet sent: one request is in the thread at a time, so what is waited on can go first. */
  private readonly queue: Job[] = [];
  private inFlight: InFlight | null = null;
  private nextId = 1;
  private closed = false;
  /** States the thread keeps, by the key it keeps them under; the bytes must not change once kept. */
  private kept = new WeakMap<Uint8Array, number>();

  /**
   * `warm`: start the thread now and have it merge a made-up document before any real one. A fresh
   * thread runs its first merges several times slower, unoptimised; paid at start, that is not
   * paid while people edit (the main thread warms up the same way on its first edits).
   * `keptBytes`: how much of the states it was handed or made the thread keeps, to be named rather
   * than copied again in the next request on them.
   */
  constructor(
    private readonly log: Logger,
    private readonly options: { warm: boolean; keptBytes?: number } = { warm: false },
  ) {
    super();
    if (options.warm) this.thread();
  }

  protected run<T extends MergeTask>(pieces: StoredPieces, task: T, growing?: object): Promise<TaskResults[T]> {
    const size = piecesBytes(pieces);
    if (this.closed || size < WORKER_MIN_BYTES) return Promise.resolve(runHere(pieces, task, size));
    return new Promise<TaskResults[T]>((resolve, reject) => {
      // The thread answers a request with the result of its task.
      const settle = resolve as (result: TaskResults[MergeTask]) => void;
      const ended = mergeStarted(task, size, true);
      this.queue.push({ pieces, task, growing, bytes: size, startedAt: performance.now(), ended, resolve: settle, reject });
      this.sendNext();
    });
  }

  /**
   * Sends the next request, if the thread is free: the first job someone waits on, or else the
   * oldest. A diff takes along every queued diff of the same growing content (clients that
   * reconnect together, each joining after the last one's edits), all answered from the most of
   * it in one read.
   */
  private sendNext(): void {
    if (this.inFlight || this.queue.length === 0) return;
    const waited = this.queue.findIndex((job) => WAITED_ON.has(job.task));
    const [job] = this.queue.splice(Math.max(waited, 0), 1);
    const jobs = [job!];
    let content = job!.task === 'diff' ? diffContent(job!) : null;
    for (let i = 0; content && job!.growing && i < this.queue.length; i++) {
      const other = this.queue[i]!;
      if (other.task !== 'diff' || other.growing !== job!.growing) continue;
      const asked = diffContent(other);
      if (asked.length > content.length) content = asked;
      jobs.push(...this.queue.splice(i--, 1));
    }
    this.inFlight = { id: this.nextId++, jobs, content };
    this.post(this.inFlight.id, this.inFlight, true);
  }

  /** Sends jobs to the thread, naming their first piece by key if the thread keeps it (and `mayName`). */
  private post(id: number, { jobs, content }: InFlight, mayName: boolean): void {
    const worker = this.thread();
    const [job] = jobs;
    const all = content ? [...content, ...jobs.map((each) => piecesInOrder(each.pieces).at(-1)!)] : piecesInOrder(job!.pieces);
    const first = all[0];
    const keptFirst = mayName && first ? this.kept.get(first) : undefined;
    const { bytes, ends } = packPieces(keptFirst === undefined ? all : all.slice(1));
    const keepFirst = keptFirst === undefined && !!first && first.byteLength >= KEEP_MIN_BYTES;
    const request: MergeRequest = { id, bytes, ends, task: job!.task, keptFirst, keepFirst, vectors: jobs.length };
    // Held only while it works: an idle thread must not keep the process alive.
    worker.ref();
    worker.postMessage(request, [bytes.buffer]);
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = startWorker(this.options.warm, this.options.keptBytes ?? KEPT_STATES_BYTES);
    worker.on('message', (reply: MergeReply) => this.settle(reply));
    // A thread that dies takes its queue with it: those merges are done here instead, so a
    // crash costs time, never content.
    worker.on('error', (error) => this.log.error({ err: error }, 'merge thread failed; merging on the main thread'));
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = null;
      this.kept = new WeakMap();
      const jobs = [...(this.inFlight?.jobs ?? []), ...this.queue.splice(0)];
      this.inFlight = null;
      for (const job of jobs) {
        job.ended();
        try {
          job.resolve(runHere(job.pieces, job.task, job.bytes));
        } catch (error) {
          job.reject(error as Error);
        }
      }
    });
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private settle(reply: MergeReply): void {
    const flight = this.inFlight;
    if (!flight || flight.id !== reply.id) return;
    if ('forgotten' in reply) {
      this.post(reply.id, flight, false);
      return;
    }
    this.inFlight = null;
    const [job] = flight.jobs;
    const ms = Math.round(performance.now() - job!.startedAt);
    const answered = 'result' in reply && 'states' in reply.result ? reply.result.states.map(({ update }) => update.byteLength) : undefined;
    this.log.debug(
      { bytes: job!.bytes, pieces: piecesInOrder(job!.pieces).length, task: job!.task, jobs: flight.jobs.length, ms, answeredBytes: answered },
      'done in the merge thread',
    );
    for (const each of flight.jobs) each.ended();
    if ('error' in reply) {
      for (const each of flight.jobs) each.reject(new Error(reply.error));
    } else {
      const first = flight.content ? flight.content[0] : piecesInOrder(job!.pieces)[0];
      if (reply.kept.first !== undefined && first) this.kept.set(first, reply.kept.first);
      if (reply.kept.result !== undefined && 'state' in reply.result) this.kept.set(reply.result.state, reply.kept.result);
      const { result } = reply;
      if ('states' in result)
        flight.jobs.forEach((each, i) => each.resolve({ states: [{ update: result.states[i]!.update, pieces: flight.content!.length }] }));
      else job!.resolve(result);
    }
    if (this.queue.length === 0) this.worker?.unref();
    this.sendNext();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.worker?.terminate();
  }
}
