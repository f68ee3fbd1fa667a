// A document's history as stored: every update it was ever sent, with who and when (the update log,
// which compaction folds into snapshots but keeps). Derived views of it (activity lines, states as of
// a moment) are built from this record and can always be rebuilt from it.

import type { RevisionAuthor } from './revision-store.js';

/** Who made a stored change: a socket's verified person, or the actor of a command. */
export type UpdateAuthor = RevisionAuthor;

/** How a change came, when the server made it for someone; null for one a client wrote over its socket. */
export type ChangeSource = 'created' | 'command' | 'revision' | 'import' | 'restore';
export const changeSources: readonly ChangeSource[] = ['created', 'command', 'revision', 'import', 'restore'];

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

export interface HistoryStore {
  /**
   * The document's record, oldest first: the rows after `afterRowId` (all of them when absent), at
   * most `limit`. The first row of a whole record holds the document's state when its history
   * begins. Null when there is no such document.
   */
  record(documentId: string, options?: { afterRowId?: number; limit?: number }): Promise<RecordedUpdate[] | null>;
}

/** A stored source column read back: anything unknown (a newer server's) reads as the server's command. */
export function asSource(value: string | null): ChangeSource | null {
  if (value === null) return null;
  return (changeSources as readonly string[]).includes(value) ? (value as ChangeSource) : 'command';
}
