// The thread that checkpoints a SQLite database's write-ahead log (see wal-checkpointer.ts).

import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import type { CheckpointRequest, CheckpointResult, CheckpointWorkerData } from './wal-checkpointer.js';
import { runInBackground } from '../../background-thread.js';

runInBackground();

const { path } = workerData as CheckpointWorkerData;
const db = new Database(path, { fileMustExist: true });
// The connection that checkpoints decides how it syncs: as the store's own (WAL, NORMAL).
db.pragma('synchronous = NORMAL');

parentPort!.on('message', (request: CheckpointRequest) => {
  if (request === 'close') {
    db.close();
    parentPort!.close();
    return;
  }
  // PASSIVE: copies what it can without waiting for, or holding up, the store's writes.
  const [result] = db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
  parentPort!.postMessage({ logPages: result!.log, copiedPages: result!.checkpointed } satisfies CheckpointResult);
});
