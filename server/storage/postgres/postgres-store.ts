// The networked store: PostgreSQL through Drizzle and node-postgres (pg).
// Same contract and semantics as sqlite/sqlite-store.ts; see store.ts.
//
// Connection loss: a query whose connection drops, or that cannot get a connection, rejects
// (the caller retries; nothing is retried here, so nothing is reported stored that is not).
// The pool discards broken connections and opens new ones when the database is back; errors
// on idle pooled connections are caught (see onConnectionError) so they never crash the process.
//
// Over 300 lines on purpose: it is the whole Store contract in one place, as sqlite-store.ts is,
// so each method's SQL reads beside the others it must agree with; access control is apart.

import { and, desc, eq, gt, isNull, lte, sql } from 'drizzle-orm';
import type { ChangeBy } from '../history-store.js';
import { type DocumentSummary, NO_ACTIVITY } from '../../../shared/model/document-summary.js';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { DocumentGoneError, type DocumentRecord, type NewDocument, type Store, type StoredState } from '../store.js';
import { firstRevision } from '../revision-store.js';
import { PostgresAccessStore } from './postgres-access-store.js';
import { PostgresRevisionStore, insertRevision } from './postgres-revision-store.js';
import { PostgresHistoryStore, fillHistoryBases } from './postgres-history-store.js';
import * as schema from './schema.js';
import { documentSnapshots, documentUpdates, documents, settings } from './schema.js';
import { projectPath } from '../../project-paths.js';

const migrationsFolder = projectPath('migrations/postgres');

/** Key of the session-level advisory lock that serialises migrations between instances starting at once. */
export const MIGRATION_LOCK_KEY = 0x676c6f737361n; // "glossa"

/** SQLSTATE of a foreign key violation. */
const FOREIGN_KEY_VIOLATION = '23503';

type Db = NodePgDatabase<typeof schema>;

export interface PostgresStoreOptions {
  /** Keep the rows compaction folds, as the documents' history (default true). */
  keepHistory?: boolean;
  /** Most connections the pool opens (default 10). */
  poolSize?: number;
  /** How long a query waits for a connection before rejecting (default 5000 ms). */
  connectionTimeoutMs?: number;
  /**
   * How long a query may wait for its answer before rejecting (default 30000 ms); its connection
   * is then discarded. Bounds the wait on a connection that died silently (a network cut).
   */
  queryTimeoutMs?: number;
  /** How long start-up waits for another instance's migrations (default 60000 ms). */
  migrationLockTimeoutMs?: number;
  /** Apply migrations at open (default true). */
  migrate?: boolean;
  /**
   * Called when a pooled connection fails while idle (e.g. the database restarted). The pool has
   * already discarded it; the next query opens a new one. Default: ignored.
   */
  onConnectionError?: (error: Error) => void;
  /** Test hook called between the steps of compaction, inside its transaction, to inject crashes. */
  onCompactStep?: (step: 'snapshot-written' | 'rows-deleted') => void;
}

/**
 * The newest log row the document's snapshot stands for: rows up to it are history, not loaded.
 * The oldest rows of documents from before history have negative ids (see fillHistoryBases).
 */
function pastSnapshot(documentId: string) {
  return sql`coalesce((select ${documentSnapshots.upToUpdateId} from ${documentSnapshots} where ${documentSnapshots.documentId} = ${documentId}), ${Number.MIN_SAFE_INTEGER})`;
}

/** node-postgres returns int8 as a string; ids stay well inside the safe range, checked here. */
function toId(value: string | number | bigint): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`update id ${String(value)} is outside the safe integer range`);
  return n;
}

function isForeignKeyViolation(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if ((e as { code?: unknown }).code === FOREIGN_KEY_VIOLATION) return true;
  }
  return false;
}

/** node-postgres's error when a query outlived query_timeout. */
function isQueryTimeout(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (e.message === 'Query read timeout') return true;
  }
  return false;
}

export class PostgresStore implements Store {
  private readonly db: Db;
  private closed: Promise<void> | null = null;
  /** Grants and share links, in the same database. */
  readonly access: PostgresAccessStore;
  readonly revisions: PostgresRevisionStore;
  readonly history: PostgresHistoryStore;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly options: PostgresStoreOptions,
  ) {
    this.db = drizzle(pool, { schema });
    this.access = new PostgresAccessStore(this.db, (fn) => this.transaction(fn));
    this.revisions = new PostgresRevisionStore(this.db, (fn) => this.transaction(fn));
    this.history = new PostgresHistoryStore(this.db, (fn) => this.transaction(fn));
  }

  private get keepHistory(): boolean {
    return this.options.keepHistory ?? true;
  }

  /** Connects, applies pending migrations (one instance at a time), and returns the store. */
  static async open(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.connectionTimeoutMs ?? 5000,
      query_timeout: options.queryTimeoutMs ?? 30_000,
      idleTimeoutMillis: 30_000,
      // Detects an idle connection whose peer vanished without closing it (e.g. a network cut).
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      application_name: 'glossa',
    });
    // Without a listener an idle client's error (server restart, terminated backend) is thrown
    // as an uncaught 'error' event and ends the process.
    pool.on('error', (error) => options.onConnectionError?.(error));
    const store = new PostgresStore(pool, options);
    try {
      if (options.migrate ?? true) await PostgresStore.migrate(url, options);
      await store.ping();
      if (store.keepHistory) await fillHistoryBases(store.db);
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }

  /**
   * Applies pending migrations while holding a session-level advisory lock, so that instances
   * starting together run them one after the other (the later ones find nothing to do).
   * Runs on a connection of its own, outside the pool: no query timeout applies to migrations,
   * and the session (its settings, its lock) ends with them.
   */
  private static async migrate(url: string, options: PostgresStoreOptions): Promise<void> {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: options.connectionTimeoutMs ?? 5000 });
    client.on('error', () => {}); // a lost connection also fails the pending query, which reports it
    await client.connect();
    try {
      // lock_timeout bounds the wait for the advisory lock.
      const timeoutMs = options.migrationLockTimeoutMs ?? 60_000;
      await client.query(`select set_config('lock_timeout', $1, false)`, [`${timeoutMs}ms`]);
      await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
      await client.query('reset lock_timeout');
      await migrate(drizzle(client, { schema }), { migrationsFolder });
      // Ending the session would release the lock too; unlocking lets the next instance go on at once.
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY.toString()]);
    } finally {
      await client.end().catch(() => {});
    }
  }

  /**
   * Runs `fn` on one pooled connection. While it is checked out, an 'error' on it (connection lost)
   * is caught here instead of crashing the process, and the connection is discarded on release,
   * as is one for which `fn` called `discard`.
   */
  private async withClient<T>(fn: (client: pg.PoolClient, discard: (reason?: Error) => void) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    const discard = (reason?: Error) => (broken ??= reason ?? new Error('connection discarded'));
    client.on('error', discard);
    try {
      return await fn(client, discard);
    } catch (error) {
      // A query that timed out may still be running on this connection: never hand it out again.
      if (isQueryTimeout(error)) discard(error as Error);
      throw error;
    } finally {
      client.release(broken);
      client.off('error', discard);
    }
  }

  /** Runs `fn` in a transaction on one pooled connection; the original error propagates. */
  private transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    return this.withClient(async (client, discard) => {
      await client.query('begin');
      try {
        const result = await fn(drizzle(client, { schema }));
        await client.query('commit');
        return result;
      } catch (error) {
        // After a query timeout a rollback would only wait behind the stuck query; withClient
        // closes the connection instead, and the server rolls back. A rollback also fails when
        // the connection is lost; a connection whose transaction could not be ended is discarded.
        if (!isQueryTimeout(error)) await client.query('rollback').catch(discard);
        throw error;
      }
    });
  }

  async ping(): Promise<void> {
    await this.pool.query('select 1');
  }

  async createDocument(input: NewDocument): Promise<DocumentRecord> {
    const now = new Date();
    const record: DocumentRecord = {
      id: input.id,
      title: input.title,
      sourceBytes: input.sourceBytes,
      annotationCount: 0,
      activity: NO_ACTIVITY,
      createdAt: now,
      updatedAt: now,
    };
    await this.transaction(async (tx) => {
      await tx.insert(documents).values(record);
      // The row the first snapshot stands for: where the document's history begins.
      const [first] = await tx
        .insert(documentUpdates)
        .values({ documentId: input.id, data: input.state, createdAt: now, authorId: input.author?.id, authorName: input.author?.name, source: 'created' })
        .returning({ id: documentUpdates.id });
      await tx
        .insert(documentSnapshots)
        .values({ documentId: input.id, state: input.state, stateVector: input.stateVector ?? null, upToUpdateId: first!.id, createdAt: now });
      await insertRevision(tx, input.id, firstRevision(input), now);
    });
    return record;
  }

  async listDocuments(): Promise<DocumentRecord[]> {
    return this.db.select().from(documents).orderBy(desc(documents.updatedAt));
  }

  async getDocument(id: string): Promise<DocumentRecord | null> {
    const [row] = await this.db.select().from(documents).where(eq(documents.id, id));
    return row ?? null;
  }

  async setAnnotationCount(id: string, count: number): Promise<void> {
    await this.db.update(documents).set({ annotationCount: count }).where(eq(documents.id, id));
  }

  async setSummary(id: string, { annotationCount, ...activity }: DocumentSummary): Promise<void> {
    await this.db.update(documents).set({ annotationCount, activity }).where(eq(documents.id, id));
  }

  async documentsWithoutActivity(): Promise<string[]> {
    const rows = await this.db.select({ id: documents.id }).from(documents).where(isNull(documents.activity));
    return rows.map((r) => r.id);
  }

  async renameDocument(id: string, title: string): Promise<DocumentRecord | null> {
    const [row] = await this.db.update(documents).set({ title }).where(eq(documents.id, id)).returning();
    return row ?? null;
  }

  async deleteDocument(id: string): Promise<boolean> {
    // Rows of the log and the snapshot go with it (ON DELETE CASCADE).
    const deleted = await this.db.delete(documents).where(eq(documents.id, id)).returning({ id: documents.id });
    return deleted.length > 0;
  }

  async loadState(id: string): Promise<StoredState | null> {
    // One statement, so one MVCC snapshot: a compaction committing meanwhile cannot pair the
    // old snapshot with the log rows past the new one. kind 0 = the document exists, 1 = snapshot, 2 = log row.
    // `vector` is the snapshot's state vector, or a log row's reach; `floor` only the snapshot's.
    const { rows } = await this.db.execute<{ kind: number; id: string; data: Buffer | null; vector: Buffer | null; floor: Buffer | null }>(sql`
      select 0 as kind, 0::bigint as id, null::bytea as data, null::bytea as vector, null::bytea as floor from ${documents} where ${documents.id} = ${id}
      union all
      select 1, ${documentSnapshots.upToUpdateId}, ${documentSnapshots.state}, ${documentSnapshots.stateVector}, ${documentSnapshots.floor} from ${documentSnapshots}
        where ${documentSnapshots.documentId} = ${id}
      union all
      select 2, ${documentUpdates.id}, ${documentUpdates.data}, ${documentUpdates.reach}, null from ${documentUpdates}
        where ${documentUpdates.documentId} = ${id} and ${documentUpdates.id} > ${pastSnapshot(id)}
      order by kind, id`);
    if (rows[0]?.kind !== 0) return null;
    let snapshot: Uint8Array | null = null;
    let snapshotVector: Uint8Array | null = null;
    let snapshotFloor: Uint8Array | null = null;
    let snapshotUpTo = 0;
    const updates: Uint8Array[] = [];
    const reaches: (Uint8Array | null)[] = [];
    let lastRowId = 0;
    let logBytes = 0;
    for (const row of rows) {
      if (row.kind === 1) {
        snapshot = row.data;
        snapshotVector = row.vector;
        snapshotFloor = row.vector ? row.floor : null;
        snapshotUpTo = toId(row.id);
      } else if (row.kind === 2) {
        updates.push(row.data!);
        reaches.push(row.vector);
        lastRowId = toId(row.id);
        logBytes += row.data!.byteLength;
      }
    }
    return { snapshot, snapshotVector, snapshotFloor, updates, reaches, lastUpdateId: updates.length > 0 ? lastRowId : snapshotUpTo, logBytes };
  }

  async appendUpdate(id: string, update: Uint8Array, reach?: Uint8Array | null, by?: ChangeBy): Promise<number> {
    const now = new Date();
    const data = Buffer.from(update.buffer, update.byteOffset, update.byteLength);
    const reachData = reach ? Buffer.from(reach.buffer, reach.byteOffset, reach.byteLength) : null;
    // One statement (so one round trip and atomic): touching the document locks its row, so a
    // concurrent delete either happened before (no row: gone) or waits and then cascades to this row.
    let rows: { id: string }[];
    try {
      ({ rows } = await this.db.execute<{ id: string }>(sql`
        with touched as (
          update ${documents} set updated_at = ${now.toISOString()}::timestamptz
          where ${documents.id} = ${id} returning ${documents.id}
        )
        insert into ${documentUpdates} (document_id, data, reach, created_at, author_id, author_name, source)
          select touched.id, ${data}::bytea, ${reachData}::bytea, ${now.toISOString()}::timestamptz,
                 ${by?.author?.id ?? null}::text, ${by?.author?.name ?? null}::text, ${by?.source ?? null}::text from touched
        returning ${documentUpdates.id}`));
    } catch (error) {
      if (isForeignKeyViolation(error)) throw new DocumentGoneError(id);
      throw error;
    }
    const row = rows[0];
    if (!row) throw new DocumentGoneError(id);
    return toId(row.id);
  }

  async compact(id: string, snapshot: Uint8Array, upToUpdateId: number, stateVector?: Uint8Array, floor?: Uint8Array): Promise<void> {
    const now = new Date();
    const snapshotRow = { state: snapshot, stateVector: stateVector ?? null, floor: (stateVector && floor) ?? null, upToUpdateId, createdAt: now };
    try {
      await this.transaction(async (tx) => {
        const written = await tx
          .insert(documentSnapshots)
          .values({ documentId: id, ...snapshotRow })
          .onConflictDoUpdate({
            target: documentSnapshots.documentId,
            set: snapshotRow,
            // Never replace a snapshot with an older one (two compactions of one document racing):
            // the newer one already covers these rows, and they may be gone.
            setWhere: lte(documentSnapshots.upToUpdateId, upToUpdateId),
          })
          .returning({ upTo: documentSnapshots.upToUpdateId });
        if (written.length === 0) return;
        this.options.onCompactStep?.('snapshot-written');
        if (!this.keepHistory) await tx.delete(documentUpdates).where(and(eq(documentUpdates.documentId, id), lte(documentUpdates.id, upToUpdateId)));
        this.options.onCompactStep?.('rows-deleted');
      });
    } catch (error) {
      if (isForeignKeyViolation(error)) throw new DocumentGoneError(id);
      throw error;
    }
  }

  async documentsWithLog(minRows: number): Promise<string[]> {
    const rows = await this.db
      .select({ id: documentUpdates.documentId })
      .from(documentUpdates)
      .innerJoin(documentSnapshots, eq(documentSnapshots.documentId, documentUpdates.documentId))
      .where(gt(documentUpdates.id, documentSnapshots.upToUpdateId))
      .groupBy(documentUpdates.documentId)
      .having(sql`count(*) >= ${minRows}`);
    return rows.map((r) => r.id);
  }

  async getSetting(key: string): Promise<string | null> {
    const [row] = await this.db.select({ value: settings.value }).from(settings).where(eq(settings.key, key));
    return row?.value ?? null;
  }

  async setSetting(key: string, value: string): Promise<void> {
    await this.db
      .insert(settings)
      .values({ key, value })
      .onConflictDoUpdate({ target: settings.key, set: { value: sql`excluded.value` } });
  }

  /** Ends the pool: waits for checked-out connections to be returned, then closes them all. */
  close(): Promise<void> {
    this.closed ??= this.pool.end();
    return this.closed;
  }
}
