// HistoryStore on the embedded SQLite database: the update log itself (see schema.ts).

import { and, asc, between, eq, gt, lt, lte, sql } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { type CondensedRun, type HistoryStore, type RecordQuery, type RecordedUpdate, asSource } from '../history-store.js';
import type { PartsPlace } from './snapshot-writer.js';
import type * as schema from './schema.js';
import { documentSnapshots, documentUpdates, documents } from './schema.js';

type Db = BetterSQLite3Database<typeof schema>;

/**
 * Gives each document whose history has no beginning (it was compacted before history was kept, or
 * while it was off) its snapshot as the row the snapshot stands for: its history starts there.
 */
export function fillHistoryBases(db: Db, readParts: (documentId: string, place: PartsPlace) => Buffer): void {
  const missing = db.all<{ documentId: string; upTo: number; state: Buffer; createdAt: number; generation: number | null; stateParts: number | null }>(sql`
    select s.document_id as documentId, s.up_to_update_id as upTo, s.state, s.created_at as createdAt,
           s.parts_generation as generation, s.state_parts as stateParts
    from document_snapshots s
    where not exists (select 1 from document_updates u where u.document_id = s.document_id and u.id <= s.up_to_update_id)`);
  for (const row of missing) {
    const state =
      row.generation !== null && row.stateParts !== null ? readParts(row.documentId, { generation: row.generation, stateParts: row.stateParts }) : row.state;
    db.insert(documentUpdates)
      .values({ documentId: row.documentId, id: row.upTo, data: state, createdAt: new Date(row.createdAt) })
      .onConflictDoNothing()
      .run();
  }
}

const upToOf = (documentId: string) =>
  sql`(select ${documentSnapshots.upToUpdateId} from ${documentSnapshots} where ${documentSnapshots.documentId} = ${documentId})`;

export class SqliteHistoryStore implements HistoryStore {
  constructor(private readonly db: Db) {}

  async record(documentId: string, options: RecordQuery = {}): Promise<RecordedUpdate[] | null> {
    return this.db.transaction((tx) => {
      if (!tx.select({ id: documents.id }).from(documents).where(eq(documents.id, documentId)).get()) return null;
      const folded = options.foldedBefore;
      const query = tx
        .select()
        .from(documentUpdates)
        .where(
          and(
            eq(documentUpdates.documentId, documentId),
            gt(documentUpdates.id, options.afterRowId ?? -1),
            folded ? and(lt(documentUpdates.createdAt, folded), lte(documentUpdates.id, upToOf(documentId))) : undefined,
          ),
        )
        .orderBy(asc(documentUpdates.id));
      const rows = options.limit === undefined ? query.all() : query.limit(options.limit).all();
      return rows.map((row) => ({
        rowId: row.id,
        update: row.data,
        author: row.authorId === null ? null : { id: row.authorId, name: row.authorName ?? '' },
        source: asSource(row.source),
        at: row.createdAt,
      }));
    });
  }

  async documentsWithFoldedBefore(before: Date): Promise<string[]> {
    const rows = this.db.all<{ id: string }>(sql`
      select s.document_id as id from document_snapshots s
      where exists (select 1 from document_updates u
                    where u.document_id = s.document_id and u.id <= s.up_to_update_id and u.created_at < ${before.getTime()}
                      and (u.source is null or u.source <> 'condensed'))`);
    return rows.map((r) => r.id);
  }

  async condense(documentId: string, runs: readonly CondensedRun[]): Promise<void> {
    this.db.transaction((tx) => {
      const upTo = tx.select({ upTo: documentSnapshots.upToUpdateId }).from(documentSnapshots).where(eq(documentSnapshots.documentId, documentId)).get()?.upTo;
      if (upTo === undefined || runs.some((run) => run.toRowId > upTo)) throw new Error(`condensing ${documentId}: a run reaches past its snapshot`);
      for (const run of runs) {
        tx.delete(documentUpdates)
          .where(and(eq(documentUpdates.documentId, documentId), between(documentUpdates.id, run.fromRowId, run.toRowId)))
          .run();
        tx.insert(documentUpdates)
          .values({ documentId, id: run.toRowId, data: Buffer.from(run.update), createdAt: run.at, source: 'condensed' })
          .run();
      }
    });
  }
}
