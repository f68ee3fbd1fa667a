// The thread that merges rooms' update bytes (see state-merger.ts): re-encoding a whole document,
// or building a Y.Doc of it to read, takes milliseconds per hundred kilobytes, which on the main
// thread would hold up every edit relayed meanwhile.

import { parentPort, workerData } from 'node:worker_threads';
import { KEEP_MIN_BYTES, KeptStates } from './kept-states.js';
import { type KeptKeys, type MergeReply, type MergeRequest, type MergeWorkerData, runTask, unpackPieces } from './merge-message.js';
import { warmUpMerges } from './merge-warm-up.js';
import { runInBackground } from '../../background-thread.js';

runInBackground();

const kept = new KeptStates((workerData as MergeWorkerData).keptBytes);

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
  if (request.keepFirst && pieces[0]) keys.first = kept.keep(pieces[0].slice());
  const result = runTask({ snapshot: null, updates: pieces }, request.task, request.vectors);
  if ('states' in result) {
    const states = result.states.map(({ update, pieces }) => ({ update: own(update), pieces }));
    return { reply: { id: request.id, result: { states }, kept: keys }, transfer: states.map(({ update }) => update.buffer) };
  }
  if (!('state' in result)) return { reply: { id: request.id, result, kept: keys }, transfer: [] };
  const folded = request.task === 'merge' || request.task === 'collect';
  if (folded && result.state.byteLength >= KEEP_MIN_BYTES) keys.result = kept.keep(result.state.slice());
  const state = own(result.state);
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
