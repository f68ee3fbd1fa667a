// Merges as events on a diagnostics channel, for tools that line them up with something else:
// the benchmark lines them up with its slow fan-out rounds (bench/round-events.ts). Publishing
// costs nothing while nobody subscribes.

import { channel } from 'node:diagnostics_channel';
import type { MergeTask } from './merge-message.js';

export const MERGE_CHANNEL = 'glossa:merge';

/** What a `glossa:merge` subscriber receives: one 'start' and one 'end' per merge, paired by id. */
export interface MergeEvent {
  phase: 'start' | 'end';
  id: number;
  task: MergeTask;
  /** The bytes merged (snapshot and updates). */
  bytes: number;
  /** In the merge thread, rather than on the caller's. */
  offThread: boolean;
}

const merges = channel(MERGE_CHANNEL);
let nextId = 1;
const nothing = (): void => {};

/** Tells subscribers a merge starts; returns what to call once it has ended (or failed). */
export function mergeStarted(task: MergeTask, bytes: number, offThread: boolean): () => void {
  if (!merges.hasSubscribers) return nothing;
  const event: MergeEvent = { phase: 'start', id: nextId++, task, bytes, offThread };
  merges.publish(event);
  return () => merges.publish({ ...event, phase: 'end' } satisfies MergeEvent);
}
