// The versions of each document's text (see PUT /api/documents/{id}/text): kept beside the
// documents, in the same database, and deleted with them.

/** Who put a version, as shown in the list. */
export interface RevisionAuthor {
  id: string;
  name: string;
}

export interface NewRevision {
  author: RevisionAuthor | null;
  /** UTF-8 size of the text. */
  sourceBytes: number;
  /** UTF-16 units inserted and deleted to make it from the version before. */
  inserted: number;
  deleted: number;
  /** How the annotations fared. */
  annotations: { intact: number; edited: number; detached: number };
}

export interface RevisionRecord {
  /** 1 for the text the document was created with, then one more per version. */
  number: number;
  createdAt: Date;
  author: RevisionAuthor | null;
  sourceBytes: number;
  inserted: number;
  deleted: number;
  /** Null for the first version, which changed no annotation. */
  annotations: { intact: number; edited: number; detached: number } | null;
}

export interface RevisionStore {
  /**
   * Records the next version of the document's text and makes its size the document's; null when
   * there is no such document.
   */
  record(documentId: string, revision: NewRevision): Promise<RevisionRecord | null>;
  /** The document's versions, newest first; empty when there is no such document. */
  list(documentId: string): Promise<RevisionRecord[]>;
}

/** A new document's text as its first version. */
export function firstRevision(input: { sourceBytes: number; author?: RevisionAuthor | null }): NewRevision {
  return { author: input.author ?? null, sourceBytes: input.sourceBytes, inserted: 0, deleted: 0, annotations: { intact: 0, edited: 0, detached: 0 } };
}

/** A row of document_revisions, as both stores read it. */
export interface RevisionRow {
  number: number;
  createdAt: Date;
  authorId: string | null;
  authorName: string | null;
  sourceBytes: number;
  inserted: number;
  deleted: number;
  intact: number | null;
  edited: number | null;
  detached: number | null;
}

export function revisionFromRow(row: RevisionRow): RevisionRecord {
  const { number, createdAt, authorId, authorName, sourceBytes, inserted, deleted, intact, edited, detached } = row;
  return {
    number,
    createdAt,
    author: authorId === null ? null : { id: authorId, name: authorName ?? authorId },
    sourceBytes,
    inserted,
    deleted,
    annotations: intact === null || edited === null || detached === null ? null : { intact, edited, detached },
  };
}

/** The columns of the next version's row, after `number - 1` versions. */
export function revisionRow(number: number, createdAt: Date, revision: NewRevision): RevisionRow {
  return {
    number,
    createdAt,
    authorId: revision.author?.id ?? null,
    authorName: revision.author?.name ?? null,
    sourceBytes: revision.sourceBytes,
    inserted: revision.inserted,
    deleted: revision.deleted,
    intact: number === 1 ? null : revision.annotations.intact,
    edited: number === 1 ? null : revision.annotations.edited,
    detached: number === 1 ? null : revision.annotations.detached,
  };
}
