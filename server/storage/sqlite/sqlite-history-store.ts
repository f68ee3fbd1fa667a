// HistoryStore on the embedded SQLite database: the update log itself (see schema.ts).

import { and, asc, between, desc, eq, gt, lt, lte, sql } from 'drizzle-orm';
import type { ActivityFilter, ActivityPage } from '../../../shared/model/activity/activity-entry.js';
import { ACTIVITY_ROWS_PER_INSERT, activityRow, entryOf, inGroups } from '../activity-rows.js';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import {
  type CondensedRun,
  type DerivedProgress,
  type DerivedRows,
  type HistoryStore,
  type RecordQuery,
  type RecordedUpdate,
  asSource,
} from '../history-store.js';
import type { PartsPlace } from './snapshot-writer.js';
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
            options.throughRowId === undefined ? undefined : lte(documentUpdates.id, options.throughRowId),
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
      // What was derived from the rows replaced no longer matches them: derived again from the record.
      for (const table of [documentHistoryDerived, documentActivity, documentHistoryCheckpoints, documentHistoryEffects]) {
        tx.delete(table).where(eq(table.documentId, documentId)).run();
      }
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

  async derivedProgress(documentId: string): Promise<DerivedProgress | null> {
    const row = this.db.select().from(documentHistoryDerived).where(eq(documentHistoryDerived.documentId, documentId)).get();
    return row ? { throughRowId: row.throughRowId, sinceCheckpoint: row.sinceCheckpoint } : null;
  }

  async saveDerived(documentId: string, after: number | null, rows: DerivedRows): Promise<boolean> {
    return this.db.transaction((tx) => {
      const stored = tx.select().from(documentHistoryDerived).where(eq(documentHistoryDerived.documentId, documentId)).get();
      if ((stored?.throughRowId ?? null) !== after) return false;
      if (!tx.select({ id: documents.id }).from(documents).where(eq(documents.id, documentId)).get()) return false;
      const progress = { throughRowId: rows.throughRowId, sinceCheckpoint: rows.sinceCheckpoint };
      tx.insert(documentHistoryDerived)
        .values({ documentId, ...progress })
        .onConflictDoUpdate({ target: documentHistoryDerived.documentId, set: progress })
        .run();
      if (rows.replacesChange !== null) {
        tx.delete(documentActivity)
          .where(and(eq(documentActivity.documentId, documentId), eq(documentActivity.changeId, rows.replacesChange)))
          .run();
      }
      for (const group of inGroups(rows.entries, ACTIVITY_ROWS_PER_INSERT)) {
        tx.insert(documentActivity)
          .values(group.map((e) => activityRow(documentId, e)))
          .run();
      }
      for (const c of rows.checkpoints)
        tx.insert(documentHistoryCheckpoints)
          .values({ documentId, ...c, state: Buffer.from(c.state) })
          .run();
      for (const e of rows.effects)
        tx.insert(documentHistoryEffects)
          .values({ documentId, ...e, data: Buffer.from(e.data) })
          .run();
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
    const rows = this.db
      .select()
      .from(a)
      .where(and(matching, before === null ? undefined : lt(a.changeId, before)))
      .orderBy(desc(a.changeId), asc(a.seq))
      .limit(limit)
      .all();
    const last = rows.at(-1);
    if (!last) return { entries: [], next: null };
    // The rest of the last change's lines: a change is never split between pages.
    const rest = this.db
      .select()
      .from(a)
      .where(and(matching, eq(a.changeId, last.changeId), gt(a.seq, last.seq)))
      .orderBy(asc(a.seq))
      .all();
    const older = this.db
      .select({ changeId: a.changeId })
      .from(a)
      .where(and(matching, lt(a.changeId, last.changeId)))
      .limit(1)
      .get();
    return { entries: [...rows, ...rest].map(entryOf), next: older ? last.changeId : null };
  }

  async checkpointAt(documentId: string, at: Date): Promise<{ afterChangeId: number; state: Uint8Array } | null> {
    const c = documentHistoryCheckpoints;
    const columns = { afterChangeId: c.afterChangeId, state: c.state };
    return (
      this.db
        .select(columns)
        .from(c)
        .where(and(eq(c.documentId, documentId), lte(c.at, at)))
        .orderBy(desc(c.afterChangeId))
        .limit(1)
        .get() ??
      this.db.select(columns).from(c).where(eq(c.documentId, documentId)).orderBy(asc(c.afterChangeId)).limit(1).get() ??
      null
    );
  }

  async effectsAfter(documentId: string, afterChangeId: number, at: Date): Promise<Uint8Array[]> {
    const e = documentHistoryEffects;
    return this.db
      .select({ data: e.data })
      .from(e)
      .where(and(eq(e.documentId, documentId), gt(e.lastChangeId, afterChangeId), lte(e.firstAt, at)))
      .orderBy(asc(e.firstChangeId))
      .all()
      .map((r) => r.data);
  }
}
