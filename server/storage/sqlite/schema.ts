// SQLite tables of the embedded store. Tables only; queries live in sqlite-store.ts.

import { blob, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const documents = sqliteTable('documents', {
  id: text('id').primaryKey(),
  title: text('title').notNull(),
  sourceBytes: integer('source_bytes').notNull(),
  /** Kept up to date by annotation commands and when a room unloads; live rooms know better. */
  annotationCount: integer('annotation_count').notNull().default(0),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
});

export const documentSnapshots = sqliteTable('document_snapshots', {
  documentId: text('document_id')
    .primaryKey()
    .references(() => documents.id, { onDelete: 'cascade' }),
  state: blob('state', { mode: 'buffer' }).notNull(),
  /** The newest update row merged into this snapshot. */
  upToUpdateId: integer('up_to_update_id').notNull(),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
});

export const documentUpdates = sqliteTable(
  'document_updates',
  {
    // AUTOINCREMENT: ids are never reused after compaction deletes the newest rows.
    id: integer('id').primaryKey({ autoIncrement: true }),
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    data: blob('data', { mode: 'buffer' }).notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('document_updates_document_id_idx').on(t.documentId, t.id)],
);

export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});
