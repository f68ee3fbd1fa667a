// What the main thread and the history thread (history-worker.ts) say to each other.

import type { ActivityFilter, ActivityPage, PastState } from '../../shared/model/activity/activity-entry.js';
import type { RecordedUpdate } from '../../shared/model/history/derive-history.js';
import type { AnnotationDifference } from '../../shared/model/history/diff-states.js';

export type HistoryRequest =
  /** Replay these records of the document (after those it has; `fresh`: forget what it has first). */
  | { type: 'extend'; documentId: string; records: RecordedUpdate[]; fresh: boolean }
  | { type: 'forget'; documentId: string }
  | { type: 'activity'; documentId: string; filter: ActivityFilter; before: number | null; limit: number }
  | { type: 'state'; documentId: string; at: string }
  | { type: 'diff'; documentId: string; from: string; to: string };

export type HistoryValue = null | ActivityPage | PastState | AnnotationDifference[] | { lastRecordId: number };

export type HistoryAnswer = { ok: true; value: HistoryValue } | { ok: false; message: string };

export interface HistoryMessage {
  id: number;
  request: HistoryRequest;
}

export interface HistoryReply {
  id: number;
  answer: HistoryAnswer;
}
