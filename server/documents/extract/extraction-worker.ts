// The thread a report file is read in (extract-off-thread.ts): its bytes in, its text and title (or
// why there are none) out, then the thread ends.

import { parentPort, workerData } from 'node:worker_threads';
import { runInBackground } from '../../background-thread.js';
import { ExtractionError, type SourceKind, extractText } from './extract-text.js';

export interface ExtractionJob {
  kind: SourceKind;
  bytes: Uint8Array;
}

export type ExtractionAnswer = { text: string; title: string | null } | { error: { reason: ExtractionError['reason']; message: string } };

runInBackground();
const job = workerData as ExtractionJob;
extractText(job.kind, job.bytes).then(
  (extracted) => parentPort!.postMessage(extracted satisfies ExtractionAnswer),
  (error: unknown) => {
    const failure =
      error instanceof ExtractionError ? { reason: error.reason, message: error.message } : { reason: 'unreadable' as const, message: String(error) };
    parentPort!.postMessage({ error: failure } satisfies ExtractionAnswer);
  },
);
