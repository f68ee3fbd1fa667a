// What the main thread and the history thread (history-worker.ts) say to each other.

import type { ActivityEntry, PastState } from '../../shared/model/activity/activity-entry.js';
import type { RecordedUpdate } from '../../shared/model/history/derive-history.js';
import type { AnnotationDifference } from '../../shared/model/history/diff-states.js';

/** The stored checkpoint before a moment and the effects chunks after it (deflated JSON). */
export interface StoredMoment {
  at: string;
  afterChangeId: number;
  checkpoint: Uint8Array;
  effects: Uint8Array[];
}

/** What one run of the deriver adds to the stored derivation (history-store.ts DerivedRows, times as ISO). */
export interface DerivedOutput {
  throughRowId: number;
  sinceCheckpoint: number;
  /** The change whose stored line the first typing line here continues (and replaces). */
  replacesChange: number | null;
  entries: (ActivityEntry & { seq: number })[];
  checkpoints: { afterChangeId: number; at: string; state: Uint8Array }[];
  effects: { firstChangeId: number; lastChangeId: number; firstAt: string; lastAt: string; data: Uint8Array }[];
}

export type HistoryRequest =
  /**
   * Replay `records` of the document. The thread holds a deriver for it (`from: 'held'`), or starts one
   * at the first record, or from the stored derivation's rows (`prefix`, through `throughRowId`).
   */
  | {
      type: 'derive';
      documentId: string;
      from: { kind: 'held' } | { kind: 'start' } | { kind: 'resume'; prefix: Uint8Array[]; throughRowId: number; at: string; sinceCheckpoint: number };
      records: RecordedUpdate[];
    }
  | { type: 'forget'; documentId: string }
  | { type: 'state'; moment: StoredMoment }
  | { type: 'diff'; from: StoredMoment; to: StoredMoment };

export type HistoryValue = null | DerivedOutput | PastState | AnnotationDifference[];

export type HistoryAnswer = { ok: true; value: HistoryValue } | { ok: false; message: string };

export interface HistoryMessage {
  id: number;
  request: HistoryRequest;
}

export interface HistoryReply {
  id: number;
  answer: HistoryAnswer;
}
