// HistoryStore on PostgreSQL: the update log itself (see sqlite/schema.ts).

import { and, asc, between, desc, eq, gt, lt, lte, sql } from 'drizzle-orm';
import type { ActivityFilter, ActivityPage } from '../../../shared/model/activity/activity-entry.js';
import { ACTIVITY_ROWS_PER_INSERT, activityRow, entryOf, inGroups } from '../activity-rows.js';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import {
  type CondensedRun,
  type DerivedProgress,
  type DerivedRows,
  type HistoryStore,
  type RecordQuery,
  type RecordedUpdate,
  asSource,
} from '../history-store.js';
import type * as schema from './schema.js';
import {
  documentActivity,
  documentHistoryCheckpoints,
  documentHistoryDerived,
  documentHistoryEffects,
  documentSnapshots,
  documentUpdates,
  documents,
} from './schema.js';

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
          options.throughRowId === undefined ? undefined : lte(documentUpdates.id, options.throughRowId),
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
      // What was derived from the rows replaced no longer matches them: derived again from the record.
      for (const table of [documentHistoryDerived, documentActivity, documentHistoryCheckpoints, documentHistoryEffects]) {
        await tx.delete(table).where(eq(table.documentId, documentId));
      }
      for (const run of runs) {
        await tx.delete(documentUpdates).where(and(eq(documentUpdates.documentId, documentId), between(documentUpdates.id, run.fromRowId, run.toRowId)));
        await tx.execute(sql`
          insert into document_updates (id, document_id, data, created_at, source) overriding system value
          values (${run.toRowId}, ${documentId}, ${Buffer.from(run.update)}::bytea, ${run.at.toISOString()}::timestamptz, 'condensed')`);
      }
    });
  }

  async derivedProgress(documentId: string): Promise<DerivedProgress | null> {
    const [row] = await this.db.select().from(documentHistoryDerived).where(eq(documentHistoryDerived.documentId, documentId));
    return row ? { throughRowId: row.throughRowId, sinceCheckpoint: row.sinceCheckpoint } : null;
  }

  async saveDerived(documentId: string, after: number | null, rows: DerivedRows): Promise<boolean> {
    return this.transaction(async (tx) => {
      // The document's row, locked: two instances deriving the same document store one after the other.
      const [document] = await tx.select({ id: documents.id }).from(documents).where(eq(documents.id, documentId)).for('update');
      if (!document) return false;
      const [stored] = await tx.select().from(documentHistoryDerived).where(eq(documentHistoryDerived.documentId, documentId));
      if ((stored?.throughRowId ?? null) !== after) return false;
      const progress = { throughRowId: rows.throughRowId, sinceCheckpoint: rows.sinceCheckpoint };
      await tx
        .insert(documentHistoryDerived)
        .values({ documentId, ...progress })
        .onConflictDoUpdate({ target: documentHistoryDerived.documentId, set: progress });
      if (rows.replacesChange !== null) {
        await tx.delete(documentActivity).where(and(eq(documentActivity.documentId, documentId), eq(documentActivity.changeId, rows.replacesChange)));
      }
      for (const group of inGroups(rows.entries, ACTIVITY_ROWS_PER_INSERT)) {
        await tx.insert(documentActivity).values(group.map((e) => activityRow(documentId, e)));
      }
      for (const c of rows.checkpoints) await tx.insert(documentHistoryCheckpoints).values({ documentId, ...c });
      for (const e of rows.effects) await tx.insert(documentHistoryEffects).values({ documentId, ...e });
      return true;
    });
  }

  async activity(documentId: string, filter: ActivityFilter, before: number | null, limit: number): Promise<ActivityPage> {
    const a = documentActivity;
    const matching = and(
      eq(a.documentId, documentId),
      filter.person === undefined ? undefined : eq(a.personId, filter.person),
      filter.kind === undefined ? undefined : eq(a.kind, filter.kind),
      filter.annotationId === undefined ? undefined : eq(a.annotationId, filter.annotationId),
    );
    const rows = await this.db
      .select()
      .from(a)
      .where(and(matching, before === null ? undefined : lt(a.changeId, before)))
      .orderBy(desc(a.changeId), asc(a.seq))
      .limit(limit);
    const last = rows.at(-1);
    if (!last) return { entries: [], next: null };
    // The rest of the last change's lines: a change is never split between pages.
    const rest = await this.db
      .select()
      .from(a)
      .where(and(matching, eq(a.changeId, last.changeId), gt(a.seq, last.seq)))
      .orderBy(asc(a.seq));
    const [older] = await this.db
      .select({ changeId: a.changeId })
      .from(a)
      .where(and(matching, lt(a.changeId, last.changeId)))
      .limit(1);
    return { entries: [...rows, ...rest].map(entryOf), next: older ? last.changeId : null };
  }

  async checkpointAt(documentId: string, at: Date): Promise<{ afterChangeId: number; state: Uint8Array } | null> {
    const c = documentHistoryCheckpoints;
    const columns = { afterChangeId: c.afterChangeId, state: c.state };
    const [before] = await this.db
      .select(columns)
      .from(c)
      .where(and(eq(c.documentId, documentId), lte(c.at, at)))
      .orderBy(desc(c.afterChangeId))
      .limit(1);
    if (before) return before;
    const [first] = await this.db.select(columns).from(c).where(eq(c.documentId, documentId)).orderBy(asc(c.afterChangeId)).limit(1);
    return first ?? null;
  }

  async effectsAfter(documentId: string, afterChangeId: number, at: Date): Promise<Uint8Array[]> {
    const e = documentHistoryEffects;
    const rows = await this.db
      .select({ data: e.data })
      .from(e)
      .where(and(eq(e.documentId, documentId), gt(e.lastChangeId, afterChangeId), lte(e.firstAt, at)))
      .orderBy(asc(e.firstChangeId));
    return rows.map((r) => r.data);
  }
}
