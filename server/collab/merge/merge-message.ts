// What the main thread and the merge thread say to each other, and the work itself (which runs
// on either side: small states are handled where they are, the round trip costing more).

import type { DocumentSummary } from '../../../shared/model/document-summary.js';
import * as Y from 'yjs';
import { type StoredPieces, collectStoredState, mergeStoredState, piecesInOrder, summarizeStoredState } from './stored-doc.js';
import { type VectorResult, vectorOfPieces } from './vector-tracking.js';

/** What the merge thread is started with. */
export interface MergeWorkerData {
  /** Merge a made-up document first, so that real merges run optimised code. */
  warmUp: boolean;
  /** How many bytes of states the thread keeps between requests (see kept-states.ts). */
  keptBytes: number;
}

/**
 * What is done with a document's updates: merged as bytes, merged through a Y.Doc (deleted content
 * dropped), or read through a Y.Doc for what the documents list shows (counts, activity).
 */
export type MergeTask = 'merge' | 'collect' | 'summarize' | 'diff' | 'vector' | 'vectorAfter';

export interface MergeRequest {
  id: number;
  /** The updates in order (snapshot first), back to back: one buffer to hand over, not one per update. */
  bytes: Uint8Array;
  /** Where each update ends in `bytes`. */
  ends: number[];
  task: MergeTask;
  /** The first piece is the state the thread keeps under this key; `bytes` holds the rest. */
  keptFirst?: number;
  /** Keep the first piece, for requests to come on the same state (see kept-states.ts). */
  keepFirst?: boolean;
}

/** Keys the thread now keeps states under: the request's first piece, the task's resulting state. */
export interface KeptKeys {
  first?: number;
  result?: number;
}

/** A merge's answer: the state, and when collected its state vector (a Y.Doc gives it for free; from bytes it would cost another pass). */
export interface MergeResult {
  state: Uint8Array;
  stateVector: Uint8Array | null;
}

/** What each task answers with. */
export interface TaskResults {
  merge: MergeResult;
  collect: MergeResult;
  summarize: DocumentSummary;
  /** What a client at a state vector lacks: the pieces are the state, then the vector as the last. */
  diff: MergeResult;
  /** The state vector and what waits past a gap, read piece by piece without merging. */
  vector: VectorResult;
  /** The same, from a state vector (the first piece) on: the pieces after it are read. */
  vectorAfter: VectorResult;
}

export type MergeReply =
  | { id: number; result: TaskResults[MergeTask]; kept: KeptKeys }
  | { id: number; error: string }
  /** The kept state the request named was forgotten: send it again. */
  | { id: number; forgotten: true };

export function packPieces(all: readonly Uint8Array[]): { bytes: Uint8Array<ArrayBuffer>; ends: number[] } {
  const bytes = new Uint8Array(all.reduce((sum, update) => sum + update.byteLength, 0));
  const ends: number[] = [];
  let at = 0;
  for (const update of all) {
    bytes.set(update, at);
    at += update.byteLength;
    ends.push(at);
  }
  return { bytes, ends };
}

export function unpackPieces({ bytes, ends }: Pick<MergeRequest, 'bytes' | 'ends'>): Uint8Array[] {
  return ends.map((end, i) => bytes.subarray(i === 0 ? 0 : ends[i - 1], end));
}

/** The pieces as one update; `collect`: with deleted content dropped, and with its state vector. */
export function mergePieces(pieces: StoredPieces, collect: boolean): MergeResult {
  return collect ? collectStoredState(pieces) : { state: mergeStoredState(pieces), stateVector: null };
}

function diffTask(pieces: StoredPieces): MergeResult {
  const all = piecesInOrder(pieces);
  const state = mergeStoredState({ snapshot: null, updates: all.slice(0, -1) });
  return { state: Y.diffUpdate(state, all.at(-1)!), stateVector: null };
}

export function runTask<T extends MergeTask>(pieces: StoredPieces, task: T): TaskResults[T] {
  // The compiler cannot narrow T from a comparison of `task`; each branch answers its own task.
  if (task === 'summarize') return summarizeStoredState(pieces) as TaskResults[T];
  if (task === 'diff') return diffTask(pieces) as TaskResults[T];
  if (task === 'vector') return vectorOfPieces(pieces) as TaskResults[T];
  if (task === 'vectorAfter') {
    const [vector, ...updates] = piecesInOrder(pieces);
    return vectorOfPieces({ snapshot: null, updates }, Y.decodeStateVector(vector!)) as TaskResults[T];
  }
  return mergePieces(pieces, task === 'collect') as TaskResults[T];
}
