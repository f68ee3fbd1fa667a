// What the main thread and the merge thread say to each other, and the work itself (which runs
// on either side: small states are handled where they are, the round trip costing more).

import type { DocumentSummary } from '../../../shared/model/document-summary.js';
import * as Y from 'yjs';
import { EMPTY_UPDATE, type StoredPieces, collectStoredState, mergeStoredState, piecesInOrder, summarizeStoredState } from './stored-doc.js';
import { mergeUpdates } from './merge-updates.js';
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
  /** `diff`: how many of the last pieces are state vectors, one answer each (1 when absent). */
  vectors?: number;
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

/** What one client lacks, and how many of the content's pieces it was worked out from. */
export interface DiffAnswer {
  update: Uint8Array;
  pieces: number;
}

export interface DiffResult {
  states: DiffAnswer[];
}

/** What each task answers with. */
export interface TaskResults {
  merge: MergeResult;
  collect: MergeResult;
  summarize: DocumentSummary;
  /** What clients at some state vectors lack, one update each: the pieces are the state, then the vectors. */
  diff: DiffResult;
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

// Up to this, what lies past the lowest of several clients' vectors is the answer to each of them:
// what a client already holds of it costs it a skip, not a diff per client here.
const SHARED_ANSWER_MAX_BYTES = 1024 * 1024;

/** Per client, the lowest clock of any of the vectors (a client missing from one is at 0). */
function lowestVector(vectors: readonly Uint8Array[]): Uint8Array {
  const [first, ...rest] = vectors.map((vector) => Y.decodeStateVector(vector));
  const lowest = new Map(first);
  for (const vector of rest) {
    for (const [client, clock] of lowest) lowest.set(client, Math.min(clock, vector.get(client) ?? 0));
  }
  return Y.encodeStateVector(lowest);
}

/**
 * What a diff of a state gives any client holding every struct below its vector: the delete set
 * (and whatever lies past a gap). Read once for a large state the merge thread keeps, it spares
 * each reconnecting client's diff the read of the whole snapshot: they hold all of it.
 */
export interface DiffFloor {
  vector: Map<number, number>;
  floor: Uint8Array;
}

export function diffFloor(state: Uint8Array): DiffFloor {
  const vector = Y.encodeStateVectorFromUpdate(state);
  return { vector: Y.decodeStateVector(vector), floor: Y.diffUpdate(state, vector) };
}

/** `vector` reaches at least as far as `below` for every client. */
export function holdsAll(vector: Map<number, number>, below: Map<number, number>): boolean {
  for (const [client, clock] of below) if ((vector.get(client) ?? 0) < clock) return false;
  return true;
}

/**
 * Each piece is read once against the lowest of the vectors, and what lies past it (small: clients
 * that reconnect hold nearly everything) is read again per vector. Y.diffUpdate reads the whole
 * state it is given, so the pieces are read unmerged (merging a large snapshot with its log first
 * cost more than all the diffs). A diff keeps every piece's delete set, so what it gives is what a diff of the merged state would.
 * `floorOf`: the first piece's floor, when it is kept (see DiffFloor).
 */
function diffTask(pieces: StoredPieces, count: number, floorOf?: (state: Uint8Array) => DiffFloor): DiffResult {
  const all = piecesInOrder(pieces);
  const content = all.slice(0, -count);
  const vectors = all.slice(-count);
  const base = floorOf && content[0] ? floorOf(content[0]) : null;
  if (base && vectors.every((vector) => holdsAll(Y.decodeStateVector(vector), base.vector))) content[0] = base.floor;
  const lowest = count === 1 ? vectors[0]! : lowestVector(vectors);
  const parts = content.map((piece) => Y.diffUpdate(piece, lowest)).filter((part) => part.byteLength > EMPTY_UPDATE.byteLength);
  // A copy: the thread hands its answers over (transfers them), which would empty a shared constant.
  const past = parts.length === 0 ? EMPTY_UPDATE.slice() : mergeUpdates(parts);
  const pieceCount = content.length;
  // Clients that reconnect together lack nearly the same (each other's edits while the server was
  // away): one answer for all of them, rather than reading `past` again for each.
  const shared = count === 1 || past.byteLength <= SHARED_ANSWER_MAX_BYTES;
  const answers = shared ? vectors.map((_, i) => (i === 0 ? past : past.slice())) : vectors.map((vector) => Y.diffUpdate(past, vector));
  return { states: answers.map((update) => ({ update, pieces: pieceCount })) };
}

/** `vectors`, `floorOf`: for `diff`, how many of the last pieces are state vectors, and see diffTask. */
export function runTask<T extends MergeTask>(pieces: StoredPieces, task: T, vectors = 1, floorOf?: (state: Uint8Array) => DiffFloor): TaskResults[T] {
  // The compiler cannot narrow T from a comparison of `task`; each branch answers its own task.
  if (task === 'summarize') return summarizeStoredState(pieces) as TaskResults[T];
  if (task === 'diff') return diffTask(pieces, vectors, floorOf) as TaskResults[T];
  if (task === 'vector') return vectorOfPieces(pieces) as TaskResults[T];
  if (task === 'vectorAfter') {
    const [vector, ...updates] = piecesInOrder(pieces);
    return vectorOfPieces({ snapshot: null, updates }, Y.decodeStateVector(vector!)) as TaskResults[T];
  }
  return mergePieces(pieces, task === 'collect') as TaskResults[T];
}
