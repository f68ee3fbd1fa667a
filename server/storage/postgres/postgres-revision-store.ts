// RevisionStore on PostgreSQL (same pool and transactions as the document store).

import { desc, eq, max } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { type NewRevision, type RevisionRecord, type RevisionStore, revisionFromRow, revisionRow } from '../revision-store.js';
import type * as schema from './schema.js';
import { documentRevisions, documents } from './schema.js';

type Db = NodePgDatabase<typeof schema>;

/** Adds the next version in `tx`; null when there is no such document. Also used by createDocument. */
export async function insertRevision(tx: Db, documentId: string, revision: NewRevision, now: Date): Promise<RevisionRecord | null> {
  // The document's row, locked: instances that record versions of it at once number them in turn.
  const [document] = await tx.select({ id: documents.id }).from(documents).where(eq(documents.id, documentId)).for('update');
  if (!document) return null;
  const [last] = await tx
    .select({ number: max(documentRevisions.number) })
    .from(documentRevisions)
    .where(eq(documentRevisions.documentId, documentId));
  const row = revisionRow((last?.number ?? 0) + 1, now, revision);
  await tx.insert(documentRevisions).values({ documentId, ...row });
  await tx.update(documents).set({ sourceBytes: revision.sourceBytes }).where(eq(documents.id, documentId));
  return revisionFromRow(row);
}

export class PostgresRevisionStore implements RevisionStore {
  constructor(
    private readonly db: Db,
    private readonly transaction: <T>(fn: (tx: Db) => Promise<T>) => Promise<T>,
  ) {}

  record(documentId: string, revision: NewRevision): Promise<RevisionRecord | null> {
    return this.transaction((tx) => insertRevision(tx, documentId, revision, new Date()));
  }

  async list(documentId: string): Promise<RevisionRecord[]> {
    const rows = await this.db.select().from(documentRevisions).where(eq(documentRevisions.documentId, documentId)).orderBy(desc(documentRevisions.number));
    return rows.map(revisionFromRow);
  }
}
