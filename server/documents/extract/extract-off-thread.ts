// Reading a Word, PDF or HTML file takes pdf.js or mammoth from tens of milliseconds to seconds of
// CPU: on the main thread that would hold up every edit relayed meanwhile. Each file is read in a
// thread of its own, with a memory bound and a time limit, so a huge or hostile file costs its
// upload alone; a few at once, the rest wait their turn.

import { startModuleWorker } from '../../module-worker.js';
import { ExtractionError, type SourceKind, extractText } from './extract-text.js';
import type { ExtractionAnswer, ExtractionJob } from './extraction-worker.js';

/** Files read at once; the others queue. */
const CONCURRENT = 2;
const TIME_LIMIT_MS = 60_000;
const HEAP_LIMIT_MB = 512;

let running = 0;
const queue: (() => void)[] = [];

async function turn(): Promise<() => void> {
  if (running >= CONCURRENT) await new Promise<void>((resolve) => queue.push(resolve));
  running++;
  return () => {
    running--;
    queue.shift()?.();
  };
}

/** As extractText, read in a worker thread for every kind but plain text (which is only decoded). */
export async function extractOffThread(kind: SourceKind, bytes: Uint8Array): Promise<{ text: string; title: string | null }> {
  if (kind === 'text') return extractText(kind, bytes);
  const done = await turn();
  const worker = startModuleWorker(import.meta.url, 'extraction-worker', { kind, bytes } satisfies ExtractionJob, {
    resourceLimits: { maxOldGenerationSizeMb: HEAP_LIMIT_MB },
  });
  const timer = setTimeout(() => void worker.terminate(), TIME_LIMIT_MS);
  try {
    const answer = await new Promise<ExtractionAnswer>((resolve, reject) => {
      const tooMuch = () => new ExtractionError('unreadable', `reading it took more than ${TIME_LIMIT_MS / 1000} s or ${HEAP_LIMIT_MB} MB of memory`);
      worker.once('message', resolve);
      // The thread ran out of memory (an error, then its exit) or of time (terminated): once answered, these change nothing.
      worker.once('error', () => reject(tooMuch()));
      worker.once('exit', () => reject(tooMuch()));
    });
    if ('error' in answer) throw new ExtractionError(answer.error.reason, answer.error.message);
    return answer;
  } finally {
    clearTimeout(timer);
    void worker.terminate();
    done();
  }
}
