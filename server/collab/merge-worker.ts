// The thread that merges rooms' update bytes (see state-merger.ts): re-encoding a whole document,
// or building a Y.Doc of it to read, takes milliseconds per hundred kilobytes, which on the main
// thread would hold up every edit relayed meanwhile.

import { parentPort, workerData } from 'node:worker_threads';
import { type MergeReply, type MergeRequest, type MergeWorkerData, runTask, unpackPieces } from './merge-message.js';
import { warmUpMerges } from './merge-warm-up.js';
import { runInBackground } from '../background-thread.js';

runInBackground();

/** A buffer of its own, to hand back without copying (a merge of one piece is a view of the request). */
function own(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const whole = bytes.buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  return whole ? (bytes as Uint8Array<ArrayBuffer>) : bytes.slice();
}

parentPort!.on('message', (request: MergeRequest) => {
  try {
    const result = runTask(unpackPieces(request), request.task);
    if (!('state' in result)) {
      parentPort!.postMessage({ id: request.id, result } satisfies MergeReply);
      return;
    }
    const state = own(result.state);
    const stateVector = result.stateVector && own(result.stateVector);
    const reply: MergeReply = { id: request.id, result: { state, stateVector } };
    parentPort!.postMessage(reply, stateVector ? [state.buffer, stateVector.buffer] : [state.buffer]);
  } catch (error) {
    const reply: MergeReply = { id: request.id, error: (error as Error).message };
    parentPort!.postMessage(reply);
  }
});

// Requests that arrive meanwhile wait in the port's queue.
if ((workerData as MergeWorkerData).warmUp) warmUpMerges();
