// The thread that merges rooms' update bytes (see state-merger.ts): re-encoding a whole document,
// or building a Y.Doc of it to read, takes milliseconds per hundred kilobytes, which on the main
// thread would hold up every edit relayed meanwhile.

import { parentPort, workerData } from 'node:worker_threads';
import { KEEP_MIN_BYTES, KeptStates } from './kept-states.js';
import { type DiffFloor, type KeptKeys, type MergeReply, type MergeRequest, type MergeWorkerData, diffFloor, runTask, unpackPieces } from './merge-message.js';
import { warmUpMerges } from './merge-warm-up.js';
import { runInBackground } from '../../background-thread.js';

runInBackground();

const kept = new KeptStates((workerData as MergeWorkerData).keptBytes);
// Kept states' diff floors, gone with them.
const floors = new WeakMap<Uint8Array, DiffFloor>();
function keptFloor(state: Uint8Array): DiffFloor {
  let floor = floors.get(state);
  if (!floor) floors.set(state, (floor = diffFloor(state)));
  return floor;
}

/** A buffer of its own, to hand back without copying (a merge of one piece is a view of the request). */
function own(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const whole = bytes.buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  return whole ? (bytes as Uint8Array<ArrayBuffer>) : bytes.slice();
}

function answer(request: MergeRequest): { reply: MergeReply; transfer: ArrayBuffer[] } {
  const sent = unpackPieces(request);
  const first = request.keptFirst === undefined ? undefined : kept.get(request.keptFirst);
  if (request.keptFirst !== undefined && !first) return { reply: { id: request.id, forgotten: true }, transfer: [] };
  const pieces = first ? [first, ...sent] : sent;
  const keys: KeptKeys = {};
  // Copies: what is handed back leaves this thread, and the request's buffer goes with a view of it.
  let keptCopy: Uint8Array | undefined;
  if (request.keepFirst && pieces[0]) keys.first = kept.keep((keptCopy = pieces[0].slice()));
  const keptBase = first ?? keptCopy;
  const result = runTask({ snapshot: null, updates: pieces }, request.task, request.vectors, keptBase && (() => keptFloor(keptBase)));
  if ('states' in result) {
    const states = result.states.map(({ update, pieces }) => ({ update: own(update), pieces }));
    return { reply: { id: request.id, result: { states }, kept: keys }, transfer: states.map(({ update }) => update.buffer) };
  }
  if (!('state' in result)) return { reply: { id: request.id, result, kept: keys }, transfer: [] };
  const folded = request.task === 'merge' || request.task === 'collect';
  if (folded && result.state.byteLength >= KEEP_MIN_BYTES) keys.result = kept.keep(result.state.slice());
  // A kept state handed back as it is (a merge of it alone) is copied: handing it over would empty it here.
  const state = result.state === first ? result.state.slice() : own(result.state);
  const stateVector = result.stateVector && own(result.stateVector);
  const transfer = stateVector ? [state.buffer, stateVector.buffer] : [state.buffer];
  return { reply: { id: request.id, result: { state, stateVector }, kept: keys }, transfer };
}

parentPort!.on('message', (request: MergeRequest) => {
  try {
    const { reply, transfer } = answer(request);
    parentPort!.postMessage(reply, transfer);
  } catch (error) {
    const reply: MergeReply = { id: request.id, error: (error as Error).message };
    parentPort!.postMessage(reply);
  }
});

// Requests that arrive meanwhile wait in the port's queue.
if ((workerData as MergeWorkerData).warmUp) warmUpMerges();
