// What the history worker makes of a document's record (docs/history.md): the stored updates, each
// with who made it and when, replayed in order into a Y.Doc, give each change's activity lines and its
// effect, and a checkpoint every so many changes. The state as of any moment is then the checkpoint
// before it and the effects since (stateAt), with no Y.Doc.

import * as Y from 'yjs';
import { type ActivityLine, describeChange } from '../activity/describe-change.js';
import { recordHistory } from './history-recorder.js';
import { type HistoryEffect, type HistoryState, stateOf } from './history-state.js';
import { stateAt } from './state-at.js';

export interface RecordedUpdate {
  /** Its row in the record: increasing. */
  id: number;
  /** ISO time it was stored. */
  at: string;
  /** Who made it; null when nobody is known (the server's own upkeep, rows from before the record). */
  author: { id: string; name: string } | null;
  update: Uint8Array;
}

export interface DerivedChange {
  recordId: number;
  at: string;
  author: RecordedUpdate['author'];
  lines: ActivityLine[];
  effect: HistoryEffect;
}

export interface Checkpoint {
  /** The state once every record up to this one (0: none) was applied. */
  afterRecord: number;
  at: string;
  state: HistoryState;
}

export interface DerivedHistory {
  changes: DerivedChange[];
  checkpoints: Checkpoint[];
}

/**
 * Replays `records` onto the state `base` (a Yjs update; the document as it was before the first of
 * them), taking a checkpoint first and after every `checkpointEvery` changes.
 */
export function deriveHistory(base: Uint8Array, baseAt: string, records: readonly RecordedUpdate[], checkpointEvery: number): DerivedHistory {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, base);
  const checkpoints: Checkpoint[] = [{ afterRecord: 0, at: baseAt, state: stateOf(doc) }];
  const changes: DerivedChange[] = [];
  let current: RecordedUpdate | null = null;
  let sinceCheckpoint = 0;
  const stop = recordHistory(doc, ({ summary, effect }) => {
    const record = current!;
    changes.push({ recordId: record.id, at: record.at, author: record.author, lines: describeChange(doc, summary), effect });
    sinceCheckpoint++;
  });
  for (const record of records) {
    current = record;
    Y.applyUpdate(doc, record.update);
    if (sinceCheckpoint >= checkpointEvery) {
      checkpoints.push({ afterRecord: record.id, at: record.at, state: stateOf(doc) });
      sinceCheckpoint = 0;
    }
  }
  stop();
  doc.destroy();
  return { changes, checkpoints };
}

/** The state as of `time` (ISO): everything recorded at or before it. */
export function stateAsOf(history: DerivedHistory, time: string): HistoryState {
  const checkpoint = history.checkpoints.filter((c) => c.at <= time).at(-1) ?? history.checkpoints[0]!;
  const effects = history.changes.filter((c) => c.recordId > checkpoint.afterRecord && c.at <= time).map((c) => c.effect);
  return stateAt(checkpoint.state, effects);
}
