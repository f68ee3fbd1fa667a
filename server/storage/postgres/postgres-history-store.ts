// HistoryStore on PostgreSQL: the update log itself (see sqlite/schema.ts).

import { and, asc, between, eq, gt, lt, lte, sql } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { type CondensedRun, type HistoryStore, type RecordQuery, type RecordedUpdate, asSource } from '../history-store.js';
import type * as schema from './schema.js';
import { documentSnapshots, documentUpdates, documents } from './schema.js';

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

const upToOf = (documentId: string) =>
  sql`(select ${documentSnapshots.upToUpdateId} from ${documentSnapshots} where ${documentSnapshots.documentId} = ${documentId})`;

export class PostgresHistoryStore implements HistoryStore {
  constructor(
    private readonly db: Db,
    private readonly transaction: <T>(fn: (tx: Db) => Promise<T>) => Promise<T>,
  ) {}

  async record(documentId: string, options: RecordQuery = {}): Promise<RecordedUpdate[] | null> {
    const [exists] = await this.db.select({ id: documents.id }).from(documents).where(eq(documents.id, documentId));
    if (!exists) return null;
    const folded = options.foldedBefore;
    const query = this.db
      .select()
      .from(documentUpdates)
      .where(
        and(
          eq(documentUpdates.documentId, documentId),
          gt(documentUpdates.id, options.afterRowId ?? Number.MIN_SAFE_INTEGER),
          folded ? and(lt(documentUpdates.createdAt, folded), lte(documentUpdates.id, upToOf(documentId))) : undefined,
        ),
      )
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

  async documentsWithFoldedBefore(before: Date): Promise<string[]> {
    const { rows } = await this.db.execute<{ id: string }>(sql`
      select s.document_id as id from document_snapshots s
      where exists (select 1 from document_updates u
                    where u.document_id = s.document_id and u.id <= s.up_to_update_id and u.created_at < ${before.toISOString()}::timestamptz
                      and (u.source is null or u.source <> 'condensed'))`);
    return rows.map((r) => r.id);
  }

  async condense(documentId: string, runs: readonly CondensedRun[]): Promise<void> {
    await this.transaction(async (tx) => {
      // The snapshot's row, locked: a compaction of the document waits for this to finish.
      const [snapshot] = await tx
        .select({ upTo: documentSnapshots.upToUpdateId })
        .from(documentSnapshots)
        .where(eq(documentSnapshots.documentId, documentId))
        .for('update');
      if (!snapshot || runs.some((run) => run.toRowId > snapshot.upTo)) throw new Error(`condensing ${documentId}: a run reaches past its snapshot`);
      for (const run of runs) {
        await tx.delete(documentUpdates).where(and(eq(documentUpdates.documentId, documentId), between(documentUpdates.id, run.fromRowId, run.toRowId)));
        await tx.execute(sql`
          insert into document_updates (id, document_id, data, created_at, source) overriding system value
          values (${run.toRowId}, ${documentId}, ${Buffer.from(run.update)}::bytea, ${run.at.toISOString()}::timestamptz, 'condensed')`);
      }
    });
  }
}
