// PostgreSQL tables of the networked store: the same tables as sqlite/schema.ts, except the update
// log, keyed by a global identity id here (cluster instances append to one document concurrently).
// Tables only; queries live in postgres-store.ts. Migrations: npm run db:generate:postgres.

import { bigint, customType, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import type { DocumentActivity } from '../../../shared/model/document-summary.js';

/** bytea. node-postgres reads it as a Buffer (a Uint8Array) and writes Buffers as binary parameters. */
const bytea = customType<{ data: Uint8Array; driverData: Buffer }>({
  dataType: () => 'bytea',
  toDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength)),
  fromDriver: (value) => value,
});

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const documents = pgTable('documents', {
  id: text('id').primaryKey(),
  title: text('title').notNull(),
  sourceBytes: integer('source_bytes').notNull(),
  /** Kept up to date by annotation commands and when a room unloads; live rooms know better. */
  annotationCount: integer('annotation_count').notNull().default(0),
  /** Threads and who was active, as in sqlite/schema.ts; null until first read. */
  activity: jsonb('activity').$type<DocumentActivity>(),
  createdAt: timestamptz('created_at').notNull(),
  updatedAt: timestamptz('updated_at').notNull(),
});

export const documentSnapshots = pgTable('document_snapshots', {
  documentId: text('document_id')
    .primaryKey()
    .references(() => documents.id, { onDelete: 'cascade' }),
  state: bytea('state').notNull(),
  /** Yjs state vector of `state`, so a reader can be answered without parsing the snapshot. */
  stateVector: bytea('state_vector'),
  /** What a client holding every struct of the snapshot lacks of it (its deletions), stored only with the state vector. */
  floor: bytea('floor'),
  /** The newest update row merged into this snapshot. */
  upToUpdateId: bigint('up_to_update_id', { mode: 'number' }).notNull(),
  createdAt: timestamptz('created_at').notNull(),
});

export const documentUpdates = pgTable(
  'document_updates',
  {
    // An identity column draws from a sequence, which never hands out a value twice (not even
    // after a rollback), so ids are never reused after compaction deletes the newest rows.
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    data: bytea('data').notNull(),
    /** Where the update's structs lie, per client (opaque here; null when not known): a load reads this, not the update. */
    reach: bytea('reach'),
    createdAt: timestamptz('created_at').notNull(),
    /** Who made it, as in sqlite/schema.ts. */
    authorId: text('author_id'),
    authorName: text('author_name'),
    /** How it came: null from a client's socket; else the server's change it was ('command', 'revision', 'import', 'restore'). */
    source: text('source'),
  },
  (t) => [index('document_updates_document_id_idx').on(t.documentId, t.id)],
);

export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/** Who may do what on a document, beyond what their token says (owner grants, share links). */
export const documentAccess = pgTable(
  'document_access',
  {
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull(),
    role: text('role', { enum: ['viewer', 'commenter', 'editor', 'owner'] }).notNull(),
    /** Set when the access came through a share link: it ends with the link. */
    viaLink: text('via_link'),
    expiresAt: timestamptz('expires_at'),
    grantedBy: text('granted_by').notNull(),
    createdAt: timestamptz('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.documentId, t.userId] }), index('document_access_user_idx').on(t.userId)],
);

export const shareLinks = pgTable('share_links', {
  id: text('id').primaryKey(),
  /** SHA-256 of the link's secret; the secret itself is shown once, to its creator. */
  tokenHash: text('token_hash').notNull().unique(),
  documentId: text('document_id')
    .notNull()
    .references(() => documents.id, { onDelete: 'cascade' }),
  role: text('role', { enum: ['viewer', 'commenter', 'editor'] }).notNull(),
  expiresAt: timestamptz('expires_at').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: timestamptz('created_at').notNull(),
  revokedAt: timestamptz('revoked_at'),
});

/** Each version of a document's text, as in sqlite/schema.ts. */
export const documentRevisions = pgTable(
  'document_revisions',
  {
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    createdAt: timestamptz('created_at').notNull(),
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

/** What the history thread derived from a document's record, as in sqlite/schema.ts. */
export const documentHistoryDerived = pgTable('document_history_derived', {
  documentId: text('document_id')
    .primaryKey()
    .references(() => documents.id, { onDelete: 'cascade' }),
  throughRowId: bigint('through_row_id', { mode: 'number' }).notNull(),
  /** Changes replayed since the last checkpoint, so that checkpoints stay as far apart after a restart. */
  sinceCheckpoint: integer('since_checkpoint').notNull().default(0),
});

export const documentActivity = pgTable(
  'document_activity',
  {
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    changeId: bigint('change_id', { mode: 'number' }).notNull(),
    seq: integer('seq').notNull(),
    at: timestamptz('at').notNull(),
    personId: text('person_id'),
    personName: text('person_name'),
    via: text('via'),
    kind: text('kind').notNull(),
    annotationId: text('annotation_id'),
    text: text('text').notNull(),
  },
  (t) => [primaryKey({ columns: [t.documentId, t.changeId, t.seq] })],
);

export const documentHistoryCheckpoints = pgTable(
  'document_history_checkpoints',
  {
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    afterChangeId: bigint('after_change_id', { mode: 'number' }).notNull(),
    at: timestamptz('at').notNull(),
    state: bytea('state').notNull(),
  },
  (t) => [primaryKey({ columns: [t.documentId, t.afterChangeId] })],
);

export const documentHistoryEffects = pgTable(
  'document_history_effects',
  {
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    firstChangeId: bigint('first_change_id', { mode: 'number' }).notNull(),
    lastChangeId: bigint('last_change_id', { mode: 'number' }).notNull(),
    firstAt: timestamptz('first_at').notNull(),
    lastAt: timestamptz('last_at').notNull(),
    data: bytea('data').notNull(),
  },
  (t) => [primaryKey({ columns: [t.documentId, t.firstChangeId] })],
);
