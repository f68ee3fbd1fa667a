// A document's history as stored: every update it was ever sent, with who and when (the update log,
// which compaction folds into snapshots but keeps). Derived views of it (activity lines, states as of
// a moment) are built from this record and can always be rebuilt from it.

import { type ChangeSource, changeSources } from '../../shared/model/history/change-source.js';
import type { RevisionAuthor } from './revision-store.js';
import type { ActivityEntry, ActivityFilter, ActivityPage } from '../../shared/model/activity/activity-entry.js';

export type { ChangeSource };

/** Who made a stored change: a socket's verified person, or the actor of a command. */
export type UpdateAuthor = RevisionAuthor;

/** Who made a stored change, and how. */
export interface ChangeBy {
  author: UpdateAuthor | null;
  source: ChangeSource | null;
}

export interface RecordedUpdate extends ChangeBy {
  /** The log row's id: increasing within a document. */
  rowId: number;
  update: Uint8Array;
  /** Null for the state a history begins with when nobody is known, and for changes before authors were kept. */
  author: UpdateAuthor | null;
  /** 'created' for a document's first row; null also for the first row of a history begun later. */
  source: ChangeSource | null;
  at: Date;
}

export interface RecordQuery {
  /** Only rows after this one. */
  afterRowId?: number;
  /** Only rows up to this one. */
  throughRowId?: number;
  limit?: number;
  /** Only rows stored before this time that the snapshot stands for (nothing a load reads). */
  foldedBefore?: Date;
}

/** Rows fromRowId..toRowId (folded ones, in order) to be replaced by one holding their merge. */
export interface CondensedRun {
  fromRowId: number;
  toRowId: number;
  update: Uint8Array;
  at: Date;
}

/** What the history thread derived from the record (docs/history.md), stored as it goes. */
export interface DerivedRows {
  /** The last record row replayed. */
  throughRowId: number;
  sinceCheckpoint: number;
  /** A stored change whose lines these replace (a run of typing that goes on): deleted first. */
  replacesChange: number | null;
  /** New lines of the feed; `seq` orders a change's lines. */
  entries: (ActivityEntry & { seq: number })[];
  /** The state after `afterChangeId` (deflated JSON, opaque here). */
  checkpoints: { afterChangeId: number; at: Date; state: Uint8Array }[];
  /** The effects of changes firstChangeId..lastChangeId (deflated JSON, opaque here). */
  effects: { firstChangeId: number; lastChangeId: number; firstAt: Date; lastAt: Date; data: Uint8Array }[];
}

export interface DerivedProgress {
  throughRowId: number;
  sinceCheckpoint: number;
}

export interface HistoryStore {
  /**
   * The document's record, oldest first: the rows after `afterRowId` (all of them when absent), at
   * most `limit`. The first row of a whole record holds the document's state when its history
   * begins. Null when there is no such document.
   */
  record(documentId: string, options?: RecordQuery): Promise<RecordedUpdate[] | null>;
  /** Documents with rows stored before `before` that their snapshot stands for. */
  documentsWithFoldedBefore(before: Date): Promise<string[]>;
  /**
   * Replaces each run by one row under its last id (author unknown, source 'condensed'), all in one
   * transaction; a run reaching past the snapshot is refused whole (nothing changes).
   */
  condense(documentId: string, runs: readonly CondensedRun[]): Promise<void>;
  /** How far the stored derivation of the record got; null when none is stored. */
  derivedProgress(documentId: string): Promise<DerivedProgress | null>;
  /**
   * Adds derived rows in one transaction, if what is stored still ends where `after` says (null: none
   * stored, and `rows` start the derivation); false otherwise (another derived it meanwhile): nothing written.
   */
  saveDerived(documentId: string, after: number | null, rows: DerivedRows): Promise<boolean>;
  /** The stored feed, newest change first, as HistoryService.activity (never a change split between pages). */
  activity(documentId: string, filter: ActivityFilter, before: number | null, limit: number): Promise<ActivityPage>;
  /** The latest stored checkpoint at or before `at` (the first one when none is). */
  checkpointAt(documentId: string, at: Date): Promise<{ afterChangeId: number; state: Uint8Array } | null>;
  /** The stored effects chunks after change `afterChangeId` that begin at or before `at`, in order. */
  effectsAfter(documentId: string, afterChangeId: number, at: Date): Promise<Uint8Array[]>;
}

/** A stored source column read back: anything unknown (a newer server's) reads as the server's command. */
export function asSource(value: string | null): ChangeSource | null {
  if (value === null) return null;
  return changeSources.find((s) => s === value) ?? 'command';
}
