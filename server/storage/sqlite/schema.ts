// SQLite tables of the embedded store. Tables only; queries live in sqlite-store.ts.

import { blob, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { DocumentActivity } from '../../../shared/model/document-summary.js';

export const documents = sqliteTable('documents', {
  id: text('id').primaryKey(),
  title: text('title').notNull(),
  sourceBytes: integer('source_bytes').notNull(),
  /** Kept up to date by annotation commands and when a room unloads; live rooms know better. */
  annotationCount: integer('annotation_count').notNull().default(0),
  /**
   * Threads and who was active (JSON), written when a room unloads or the sweep reads the
   * document; null for a document stored before summaries, until the sweep has read it.
   */
  activity: text('activity', { mode: 'json' }).$type<DocumentActivity>(),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  /**
   * Creation, or the newest edit a compaction folded away: edits do not write it. The document's
   * last change is the later of this and its newest log row (sqlite-store.ts reads it so).
   */
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
});

export const documentSnapshots = sqliteTable('document_snapshots', {
  documentId: text('document_id')
    .primaryKey()
    .references(() => documents.id, { onDelete: 'cascade' }),
  state: blob('state', { mode: 'buffer' }).notNull(),
  /** Yjs state vector of `state`, so a reader can be answered without parsing the snapshot. */
  stateVector: blob('state_vector', { mode: 'buffer' }),
  /** What a client holding every struct of the snapshot lacks of it (its deletions), stored only with the state vector. */
  floor: blob('floor', { mode: 'buffer' }),
  /** The newest update row merged into this snapshot. */
  upToUpdateId: integer('up_to_update_id').notNull(),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  /**
   * Null: `state` and `floor` are here. Set: they are in document_snapshot_parts under this
   * generation (`state` and `floor` here are empty), the state in `stateParts` parts from 0, then the floor.
   */
  partsGeneration: integer('parts_generation'),
  stateParts: integer('state_parts'),
});

/**
 * A large snapshot in parts, each written in its own transaction, so a large compaction does not
 * hold the one SQLite connection (and every other document's edits) for its whole write. Parts of a
 * snapshot that never became current (a crash, or a newer snapshot first) are deleted later.
 */
export const documentSnapshotParts = sqliteTable(
  'document_snapshot_parts',
  {
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    /** Drawn at random by the compaction that writes them: parts of two attempts never mix. */
    generation: integer('generation').notNull(),
    seq: integer('seq').notNull(),
    data: blob('data', { mode: 'buffer' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.documentId, t.generation, t.seq] })],
);

/**
 * The update log, which is also the document's history: compaction folds rows into the snapshot
 * but keeps them (loads read only the rows past it). A document's oldest row holds its state when
 * its history begins: at creation (row 0), or when history was first kept (see history-base.ts).
 * Keyed and stored in order by (document, id): one B-tree, so an append writes one page and a
 * load reads one document's rows side by side. The table is WITHOUT ROWID, which
 * Drizzle cannot declare: migration 0004 creates it so, by hand.
 */
export const documentUpdates = sqliteTable(
  'document_updates',
  {
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    /**
     * Numbers the document's updates, from 1. Each append takes one past the newest row or past
     * what the snapshot covers, whichever is later, so an id is never reused after compaction
     * deleted the newest rows.
     */
    id: integer('id').notNull(),
    data: blob('data', { mode: 'buffer' }).notNull(),
    /** Where the update's structs lie, per client (opaque here; null when not known): a load reads this, not the update. */
    reach: blob('reach', { mode: 'buffer' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    /** Who made it (the socket's verified person, or a command's actor); null when nobody is known. */
    authorId: text('author_id'),
    authorName: text('author_name'),
    /** How it came: null from a client's socket; else the server's change it was ('command', 'revision', 'import', 'restore'). */
    source: text('source'),
  },
  (t) => [primaryKey({ columns: [t.documentId, t.id] })],
);

export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/** Who may do what on a document, beyond what their token says (owner grants, share links). */
export const documentAccess = sqliteTable(
  'document_access',
  {
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull(),
    role: text('role', { enum: ['viewer', 'commenter', 'editor', 'owner'] }).notNull(),
    /** Set when the access came through a share link: it ends with the link. */
    viaLink: text('via_link'),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }),
    grantedBy: text('granted_by').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.documentId, t.userId] }), index('document_access_user_idx').on(t.userId)],
);

export const shareLinks = sqliteTable('share_links', {
  id: text('id').primaryKey(),
  /** SHA-256 of the link's secret; the secret itself is shown once, to its creator. */
  tokenHash: text('token_hash').notNull().unique(),
  documentId: text('document_id')
    .notNull()
    .references(() => documents.id, { onDelete: 'cascade' }),
  role: text('role', { enum: ['viewer', 'commenter', 'editor'] }).notNull(),
  expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
});

/**
 * Each version of a document's text: the first when it was created, then one per new version put
 * (PUT .../text). Who put it, its size, what it changed and how the annotations fared; null counts
 * for the first, which changed nothing.
 */
export const documentRevisions = sqliteTable(
  'document_revisions',
  {
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    /** Null for versions from before revisions were kept, and for documents created with no person known. */
    authorId: text('author_id'),
    authorName: text('author_name'),
    sourceBytes: integer('source_bytes').notNull(),
    inserted: integer('inserted').notNull().default(0),
    deleted: integer('deleted').notNull().default(0),
    intact: integer('intact'),
    edited: integer('edited'),
    detached: integer('detached'),
  },
  (t) => [primaryKey({ columns: [t.documentId, t.number] })],
);

/**
 * What the history thread derived from a document's record (docs/history.md), so that reading the past
 * does not replay it: how far it got, the feed's lines, checkpoints of the state and the effects of the
 * changes between them (deflated JSON, opaque here). All of it can be rebuilt from the record.
 */
export const documentHistoryDerived = sqliteTable('document_history_derived', {
  documentId: text('document_id')
    .primaryKey()
    .references(() => documents.id, { onDelete: 'cascade' }),
  /** The last record row replayed. */
  throughRowId: integer('through_row_id').notNull(),
  /** Changes replayed since the last checkpoint, so that checkpoints stay as far apart after a restart. */
  sinceCheckpoint: integer('since_checkpoint').notNull().default(0),
});

export const documentActivity = sqliteTable(
  'document_activity',
  {
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    changeId: integer('change_id').notNull(),
    /** The line's place among its change's lines. */
    seq: integer('seq').notNull(),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
    personId: text('person_id'),
    personName: text('person_name'),
    via: text('via'),
    kind: text('kind').notNull(),
    annotationId: text('annotation_id'),
    text: text('text').notNull(),
  },
  (t) => [primaryKey({ columns: [t.documentId, t.changeId, t.seq] })],
);

export const documentHistoryCheckpoints = sqliteTable(
  'document_history_checkpoints',
  {
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    /** The state once every change up to this one was applied. */
    afterChangeId: integer('after_change_id').notNull(),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
    state: blob('state', { mode: 'buffer' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.documentId, t.afterChangeId] })],
);

export const documentHistoryEffects = sqliteTable(
  'document_history_effects',
  {
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    firstChangeId: integer('first_change_id').notNull(),
    lastChangeId: integer('last_change_id').notNull(),
    firstAt: integer('first_at', { mode: 'timestamp_ms' }).notNull(),
    lastAt: integer('last_at', { mode: 'timestamp_ms' }).notNull(),
    data: blob('data', { mode: 'buffer' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.documentId, t.firstChangeId] })],
);
