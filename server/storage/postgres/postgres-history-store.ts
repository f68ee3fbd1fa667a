// HistoryStore on PostgreSQL: the update log itself (see sqlite/schema.ts).

import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { type HistoryStore, type RecordedUpdate, asSource } from '../history-store.js';
import type * as schema from './schema.js';
import { documentUpdates, documents } from './schema.js';

type Db = NodePgDatabase<typeof schema>;

/**
 * Gives each document whose history has no beginning (compacted before history was kept, or while
 * it was off) its snapshot as the row the snapshot stands for. Ids are global here: the snapshot's
 * own up_to_update_id is free (its row was deleted), and a never-compacted document's (0) is taken
 * by every such document, so it gets a negative id from the sequence, below all of its rows.
 * Instances starting together may both add one; applying a state twice changes nothing.
 */
export async function fillHistoryBases(db: Db): Promise<void> {
  await db.execute(sql`
    insert into document_updates (id, document_id, data, created_at)
    overriding system value
    select case when s.up_to_update_id > 0 then s.up_to_update_id
                else -nextval(pg_get_serial_sequence('document_updates', 'id')) end,
           s.document_id, s.state, s.created_at
    from document_snapshots s
    where not exists (select 1 from document_updates u where u.document_id = s.document_id and u.id <= s.up_to_update_id)
    on conflict do nothing`);
}

export class PostgresHistoryStore implements HistoryStore {
  constructor(private readonly db: Db) {}

  async record(documentId: string, options: { afterRowId?: number; limit?: number } = {}): Promise<RecordedUpdate[] | null> {
    const [exists] = await this.db.select({ id: documents.id }).from(documents).where(eq(documents.id, documentId));
    if (!exists) return null;
    const query = this.db
      .select()
      .from(documentUpdates)
      .where(and(eq(documentUpdates.documentId, documentId), gt(documentUpdates.id, options.afterRowId ?? Number.MIN_SAFE_INTEGER)))
      .orderBy(asc(documentUpdates.id));
    const rows = options.limit === undefined ? await query : await query.limit(options.limit);
    return rows.map((row) => ({
      rowId: row.id,
      update: row.data,
      author: row.authorId === null ? null : { id: row.authorId, name: row.authorName ?? '' },
      source: asSource(row.source),
      at: row.createdAt,
    }));
  }
}
