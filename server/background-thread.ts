// Worker threads doing background work (merges, checkpoints) lower their own scheduling priority:
// their work can wait a few milliseconds; the relay of an edit, on the main thread, should not. On a
// busy machine the threads otherwise take whole milliseconds of CPU from the event loop, and from the
// other processes people's edits go through.

import { readlinkSync } from 'node:fs';
import { constants, setPriority } from 'node:os';

/**
 * Call from the worker thread itself. Linux applies a priority set on a thread id to that thread
 * alone; elsewhere, or where it is not allowed, the thread keeps the normal priority.
 */
export function runInBackground(): void {
  try {
    // "<pid>/task/<tid>": the kernel's id of the calling thread.
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, constants.priority.PRIORITY_BELOW_NORMAL);
  } catch {
    // Not Linux: no /proc/thread-self.
  }
}
