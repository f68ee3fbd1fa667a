// The storage contract the rest of the server depends on. Implementations: sqlite/ (embedded default).
// It speaks documents and Yjs update bytes only; it knows nothing of sockets or HTTP.

import type { DocumentActivity, DocumentSummary } from '../../shared/model/document-summary.js';
import type { AccessStore } from './access-store.js';
import type { ChangeBy, HistoryStore } from './history-store.js';
import type { RevisionAuthor, RevisionStore } from './revision-store.js';

export interface DocumentRecord {
  id: string;
  title: string;
  /** UTF-8 size of the source text (of its newest version: see RevisionStore). */
  sourceBytes: number;
  /** Number of annotations as last recorded (see setAnnotationCount). */
  annotationCount: number;
  /** Threads and who was active, as last recorded (see setSummary); null until first recorded. */
  activity: DocumentActivity | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewDocument {
  id: string;
  title: string;
  sourceBytes: number;
  /** The document's initial Yjs state, stored as its first snapshot. */
  state: Uint8Array;
  /** Its Yjs state vector (see compact). */
  stateVector?: Uint8Array;
  /** Who created it, recorded with its first version; null or absent when nobody is known. */
  author?: RevisionAuthor | null;
}

export interface StoredState {
  /** The compacted state, or null when the document has never been compacted. */
  snapshot: Uint8Array | null;
  /** The snapshot's Yjs state vector, when it was stored with one (nothing in the snapshot lies past it). */
  snapshotVector: Uint8Array | null;
  /** What a client holding every struct below that vector lacks of the snapshot (its deletions), when stored. */
  snapshotFloor?: Uint8Array | null;
  /** Updates appended since the snapshot, oldest first. */
  updates: Uint8Array[];
  /** What each update was appended with as its reach (see appendUpdate), null where none; absent: none known. */
  reaches?: (Uint8Array | null)[];
  /** Id of the newest update row, or of the newest row the snapshot covers; 0 when none. */
  lastUpdateId: number;
  /** Bytes of the update rows, for deciding when to compact. */
  logBytes: number;
}

export interface Store {
  /** Grants and share links, in the same database. */
  readonly access: AccessStore;
  /** The versions of each document's text, in the same database. */
  readonly revisions: RevisionStore;
  /** Every update with who made it and when (unless history is off: see keepHistory). */
  readonly history: HistoryStore;
  /** Resolves while the store answers queries; rejects otherwise. */
  ping(): Promise<void>;
  createDocument(input: NewDocument): Promise<DocumentRecord>;
  listDocuments(): Promise<DocumentRecord[]>;
  getDocument(id: string): Promise<DocumentRecord | null>;
  /** Records how many annotations the document has, for listings that do not load it. */
  setAnnotationCount(id: string, count: number): Promise<void>;
  /** Records the annotation count and activity read from the document's whole state. */
  setSummary(id: string, summary: DocumentSummary): Promise<void>;
  /** Ids of documents whose activity was never recorded (stored before summaries existed). */
  documentsWithoutActivity(): Promise<string[]>;
  /** Sets the title; the updated record, or null when there is no such document. */
  renameDocument(id: string, title: string): Promise<DocumentRecord | null>;
  /** Removes the document and all its stored state; false when there was none. */
  deleteDocument(id: string): Promise<boolean>;
  /** The snapshot and update log of a document, or null when it does not exist. */
  loadState(id: string): Promise<StoredState | null>;
  /**
   * Durably appends one update to the document's log; resolves with the new row's id. Ids increase
   * within a document and never come back, even after compaction deleted the newest rows; they
   * say nothing across documents. `reach` is kept beside it, as it is, for loadState to hand back:
   * where the update's structs lie, so that a load need not read every update to know. `by`
   * (who made it, and how) is kept with it for the history.
   */
  appendUpdate(id: string, update: Uint8Array, reach?: Uint8Array | null, by?: ChangeBy): Promise<number>;
  /**
   * Replaces the snapshot with `snapshot`, which then stands for the log rows with id <= upToUpdateId,
   * atomically: a crash at any point leaves either the old or the new state. The rows stay as the
   * document's history (loads no longer read them); with history off they are deleted.
   * `snapshot` must contain every update in those rows. `stateVector` is its Yjs state vector, given
   * only when nothing in `snapshot` lies past it (no structs held past a gap): stored with it, it
   * spares whoever loads the document reading the whole snapshot to work it out. `floor`, only with
   * it, is what a client holding every struct below it lacks (a Yjs update of the snapshot's
   * deletions): stored with it, it spares a reconnecting client's answer the read of the snapshot.
   */
  compact(id: string, snapshot: Uint8Array, upToUpdateId: number, stateVector?: Uint8Array, floor?: Uint8Array): Promise<void>;
  /** Ids of documents whose update log has at least `minRows` rows past their snapshot. */
  documentsWithLog(minRows: number): Promise<string[]>;
  /** A small key/value area for one-off facts about the installation (e.g. sample seeded). */
  getSetting(key: string): Promise<string | null>;
  setSetting(key: string, value: string): Promise<void>;
  close(): Promise<void>;
}

/** Thrown by appendUpdate when the document no longer exists (deleted while a write was queued). */
export class DocumentGoneError extends Error {
  constructor(readonly documentId: string) {
    super(`document ${documentId} does not exist`);
  }
}
