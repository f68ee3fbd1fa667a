// RevisionStore on the embedded SQLite database (same connection as the document store).

import { desc, eq, max } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { type NewRevision, type RevisionRecord, type RevisionStore, revisionFromRow, revisionRow } from '../revision-store.js';
import type * as schema from './schema.js';
import { documentRevisions, documents } from './schema.js';

type Db = BetterSQLite3Database<typeof schema>;

/** Adds the next version in `tx`; null when there is no such document. Also used by createDocument. */
export function insertRevision(tx: Pick<Db, 'select' | 'insert' | 'update'>, documentId: string, revision: NewRevision, now: Date): RevisionRecord | null {
  if (!tx.select({ id: documents.id }).from(documents).where(eq(documents.id, documentId)).get()) return null;
  const last = tx
    .select({ number: max(documentRevisions.number) })
    .from(documentRevisions)
    .where(eq(documentRevisions.documentId, documentId))
    .get();
  const row = revisionRow((last?.number ?? 0) + 1, now, revision);
  tx.insert(documentRevisions)
    .values({ documentId, ...row })
    .run();
  tx.update(documents).set({ sourceBytes: revision.sourceBytes }).where(eq(documents.id, documentId)).run();
  return revisionFromRow(row);
}

export class SqliteRevisionStore implements RevisionStore {
  constructor(private readonly db: Db) {}

  async record(documentId: string, revision: NewRevision): Promise<RevisionRecord | null> {
    return this.db.transaction((tx) => insertRevision(tx, documentId, revision, new Date()));
  }

  async list(documentId: string): Promise<RevisionRecord[]> {
    const rows = this.db.select().from(documentRevisions).where(eq(documentRevisions.documentId, documentId)).orderBy(desc(documentRevisions.number)).all();
    return rows.map(revisionFromRow);
  }
}
