// What the history worker makes of a document's record (docs/history.md): the stored updates, each
// with who made it and when, replayed in order into a Y.Doc, give each change's activity lines and its
// effect, and a checkpoint every so many changes. The state as of any moment is then the checkpoint
// before it and the effects since (stateAt), with no Y.Doc. A HistoryDeriver goes on from where it
// stopped as new updates are recorded.

import * as Y from 'yjs';
import { type ActivityLine, describeChange } from '../activity/describe-change.js';
import { recordHistory } from './history-recorder.js';
import { type HistoryEffect, type HistoryState, stateOf } from './history-state.js';
import { stateAt } from './state-at.js';
import type { ChangeSource } from './change-source.js';

export type { ChangeSource };

export interface RecordedUpdate {
  /** Its row in the record: increasing. */
  id: number;
  /** ISO time it was stored. */
  at: string;
  /** Who made it; null when nobody is known (the server's own upkeep, rows from before the record). */
  author: { id: string; name: string } | null;
  source?: ChangeSource | null;
  update: Uint8Array;
}

export interface DerivedChange {
  recordId: number;
  at: string;
  author: RecordedUpdate['author'];
  source: ChangeSource | null;
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

export class HistoryDeriver implements DerivedHistory {
  readonly changes: DerivedChange[] = [];
  readonly checkpoints: Checkpoint[];
  private readonly doc = new Y.Doc();
  private readonly stop: () => void;
  private current: RecordedUpdate | null = null;
  /** Changes replayed since the last checkpoint. */
  sinceCheckpoint: number;
  /** The last record replayed (the base's, before any). */
  lastRecordId: number;

  /**
   * `base` is the document as it was before the records that follow it; `baseRecordId` its own record,
   * if it has one. Going on from a derivation stored earlier, `resume` says how many changes it had
   * replayed since its last checkpoint, and no checkpoint of the base is taken (it has its own).
   */
  constructor(
    base: Uint8Array,
    baseAt: string,
    private readonly checkpointEvery: number,
    baseRecordId = 0,
    resume?: { sinceCheckpoint: number },
  ) {
    Y.applyUpdate(this.doc, base);
    this.lastRecordId = baseRecordId;
    this.sinceCheckpoint = resume?.sinceCheckpoint ?? 0;
    this.checkpoints = resume ? [] : [{ afterRecord: baseRecordId, at: baseAt, state: stateOf(this.doc) }];
    this.stop = recordHistory(this.doc, ({ summary, effect }) => {
      const record = this.current!;
      const lines = describeChange(this.doc, summary);
      this.changes.push({ recordId: record.id, at: record.at, author: record.author, source: record.source ?? null, lines, effect });
      this.sinceCheckpoint++;
    });
  }

  /** Replays `records` (each after the last replayed), taking a checkpoint every `checkpointEvery` changes. */
  extend(records: readonly RecordedUpdate[]): void {
    for (const record of records) {
      if (record.id <= this.lastRecordId) continue;
      this.current = record;
      Y.applyUpdate(this.doc, record.update);
      this.lastRecordId = record.id;
      if (this.sinceCheckpoint >= this.checkpointEvery) {
        this.checkpoints.push({ afterRecord: record.id, at: record.at, state: stateOf(this.doc) });
        this.sinceCheckpoint = 0;
      }
    }
    this.current = null;
  }

  /** The changes and checkpoints made since the last take, handed over (and no longer kept here). */
  take(): DerivedHistory {
    return { changes: this.changes.splice(0), checkpoints: this.checkpoints.splice(0) };
  }

  destroy(): void {
    this.stop();
    this.doc.destroy();
  }
}

/**
 * Replays `records` onto the state `base` (a Yjs update; the document as it was before the first of
 * them), taking a checkpoint first and after every `checkpointEvery` changes.
 */
export function deriveHistory(base: Uint8Array, baseAt: string, records: readonly RecordedUpdate[], checkpointEvery: number): DerivedHistory {
  const deriver = new HistoryDeriver(base, baseAt, checkpointEvery);
  deriver.extend(records);
  deriver.destroy();
  return { changes: deriver.changes, checkpoints: deriver.checkpoints };
}

/** The state as of `time` (ISO): everything recorded at or before it. */
export function stateAsOf(history: DerivedHistory, time: string): HistoryState {
  const checkpoint = history.checkpoints.filter((c) => c.at <= time).at(-1) ?? history.checkpoints[0]!;
  const effects = history.changes.filter((c) => c.recordId > checkpoint.afterRecord && c.at <= time).map((c) => c.effect);
  return stateAt(checkpoint.state, effects);
}
