// PostgreSQL tables of the networked store: the same tables as sqlite/schema.ts.
// Tables only; queries live in postgres-store.ts. Migrations: npm run db:generate:postgres.

import { bigint, customType, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

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
  createdAt: timestamptz('created_at').notNull(),
  updatedAt: timestamptz('updated_at').notNull(),
});

export const documentSnapshots = pgTable('document_snapshots', {
  documentId: text('document_id')
    .primaryKey()
    .references(() => documents.id, { onDelete: 'cascade' }),
  state: bytea('state').notNull(),
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
    createdAt: timestamptz('created_at').notNull(),
  },
  (t) => [index('document_updates_document_id_idx').on(t.documentId, t.id)],
);

export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});
