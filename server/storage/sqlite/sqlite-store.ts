// The embedded store: one SQLite file through Drizzle and better-sqlite3.
// better-sqlite3 is synchronous, so every method but compact completes within the call (compact
// writes a large snapshot over several turns: snapshot-writer.ts); the Store interface is async so
// that networked stores fit the same contract.

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { and, asc, desc, eq, getTableColumns, gt, isNull, sql } from 'drizzle-orm';
import { type DocumentSummary, NO_ACTIVITY } from '../../../shared/model/document-summary.js';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { DocumentGoneError, type DocumentRecord, type NewDocument, type Store, type StoredState } from '../store.js';
import type { ChangeBy } from '../history-store.js';
import { firstRevision } from '../revision-store.js';
import * as schema from './schema.js';
import { SqliteAccessStore } from './sqlite-access-store.js';
import { SqliteRevisionStore, insertRevision } from './sqlite-revision-store.js';
import { SqliteHistoryStore, fillHistoryBases } from './sqlite-history-store.js';
import { type CheckpointResult, WalCheckpointer } from './wal-checkpointer.js';
import { type CompactStep, SnapshotWriter } from './snapshot-writer.js';
import { documentSnapshots, documentUpdates, documents, settings } from './schema.js';
import { projectPath } from '../../project-paths.js';

const migrationsFolder = projectPath('migrations/sqlite');

export interface SqliteStoreOptions {
  /** Keep the rows compaction folds, as the documents' history (default true). */
  keepHistory?: boolean;
  /** Test hook called between the steps of compaction, to inject crashes. */
  onCompactStep?: (step: CompactStep) => void;
  /** A snapshot larger than this is written in parts of this size (see snapshot-writer.ts). */
  snapshotPartBytes?: number;
  /** The thread that checkpoints the write-ahead log failed (SQLite then checkpoints in commits). */
  onCheckpointError?: (error: Error) => void;
  /**
   * Start the thread that checkpoints the write-ahead log with the store, not at the first
   * checkpoint (about 100 commits in), where starting it stalls the edit being committed.
   */
  checkpointThreadAtOpen?: boolean;
  /** Test hook: the thread checkpointed the write-ahead log. */
  onCheckpoint?: (result: CheckpointResult) => void;
}

/**
 * When the document last changed: its newest log row, or what documents.updated_at recorded
 * (creation, or the last edit a compaction folded away). Worked out on read so that an edit
 * writes no page of the documents table. Spelled out in SQL: the query builder leaves column names
 * unqualified in a one-table select, which would make the subquery compare the log's own columns.
 */
const updatedAt = sql<Date>`max(documents.updated_at, coalesce((select u.created_at from document_updates u
  where u.document_id = documents.id order by u.id desc limit 1), 0))`
  .mapWith(documents.updatedAt)
  .as('updated_at');

/** Documents whose next log id the store keeps: more than are ever open on one instance. */
const MAX_KNOWN_NEXT_IDS = 10_000;

/** A log row's columns as the append statements bind them. */
interface LogRow {
  data: Buffer;
  reach: Buffer | null;
  now: number;
  authorId: string | null;
  authorName: string | null;
  source: string | null;
}

/** The driver binds Buffers; a view over the same bytes, since SQLite copies them anyway. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export class SqliteStore implements Store {
  private readonly sqlite: Database.Database;
  private readonly db: BetterSQLite3Database<typeof schema>;
  readonly access: SqliteAccessStore;
  readonly revisions: SqliteRevisionStore;
  readonly history: SqliteHistoryStore;
  // The statements of the paths people wait on, prepared when the store opens: neither the query
  // builder nor SQLite compiles anything per call, nor on the first call after a restart.
  private readonly load: (id: string) => StoredState | null;
  private readonly append: (id: string, row: LogRow) => number;
  private readonly snapshots: SnapshotWriter;
  private readonly checkpointer: WalCheckpointer | null;
  /** The id each document's next log row takes, once an append has worked it out. */
  private readonly nextUpdateId = new Map<string, number>();

  constructor(
    path: string,
    private readonly options: SqliteStoreOptions = {},
  ) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.sqlite = new Database(path);
    // WAL with synchronous=NORMAL: a committed write survives a crash of this process
    // (the OS holds it); FULL would also survive power loss at a large cost per commit.
    this.sqlite.pragma('journal_mode = WAL');
    this.sqlite.pragma('synchronous = NORMAL');
    this.sqlite.pragma('foreign_keys = ON');
    this.sqlite.pragma('busy_timeout = 5000');
    this.db = drizzle(this.sqlite, { schema });
    migrate(this.db, { migrationsFolder });
    this.access = new SqliteAccessStore(this.db);
    this.revisions = new SqliteRevisionStore(this.db);
    this.history = new SqliteHistoryStore(this.db);
    const keepHistory = options.keepHistory ?? true;
    this.snapshots = new SnapshotWriter(this.sqlite, { keepRows: keepHistory, partBytes: options.snapshotPartBytes, onStep: options.onCompactStep });
    if (keepHistory) fillHistoryBases(this.db, (documentId, place) => this.snapshots.read(documentId, place).state);
    this.load = this.loadStatements();
    this.append = this.appendStatements();
    const hooks = { onError: options.onCheckpointError ?? ((error: Error) => process.emitWarning(error)), onCheckpoint: options.onCheckpoint };
    this.checkpointer = path === ':memory:' ? null : new WalCheckpointer(path, this.sqlite, hooks);
    if (options.checkpointThreadAtOpen) this.checkpointer?.start();
  }

  async ping(): Promise<void> {
    this.sqlite.prepare('select 1').get();
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
    this.db.transaction((tx) => {
      tx.insert(documents).values(record).run();
      tx.insert(documentSnapshots)
        .values({
          documentId: input.id,
          state: asBuffer(input.state),
          stateVector: input.stateVector ? asBuffer(input.stateVector) : null,
          upToUpdateId: 0,
          createdAt: now,
        })
        .run();
      // Row 0, which the snapshot stands for: where the document's history begins.
      tx.insert(documentUpdates)
        .values({
          documentId: input.id,
          id: 0,
          data: asBuffer(input.state),
          createdAt: now,
          authorId: input.author?.id,
          authorName: input.author?.name,
          source: 'created',
        })
        .run();
      insertRevision(tx, input.id, firstRevision(input), now);
    });
    return record;
  }

  async listDocuments(): Promise<DocumentRecord[]> {
    return this.records().orderBy(desc(updatedAt)).all();
  }

  async getDocument(id: string): Promise<DocumentRecord | null> {
    return this.records().where(eq(documents.id, id)).get() ?? null;
  }

  private records() {
    return this.db.select({ ...getTableColumns(documents), updatedAt }).from(documents);
  }

  async setAnnotationCount(id: string, count: number): Promise<void> {
    this.db.update(documents).set({ annotationCount: count }).where(eq(documents.id, id)).run();
  }

  async setSummary(id: string, { annotationCount, ...activity }: DocumentSummary): Promise<void> {
    this.db.update(documents).set({ annotationCount, activity }).where(eq(documents.id, id)).run();
  }

  async documentsWithoutActivity(): Promise<string[]> {
    return this.db
      .select({ id: documents.id })
      .from(documents)
      .where(isNull(documents.activity))
      .all()
      .map((r) => r.id);
  }

  async renameDocument(id: string, title: string): Promise<DocumentRecord | null> {
    const changed = this.db.update(documents).set({ title }).where(eq(documents.id, id)).run().changes;
    return changed > 0 ? this.getDocument(id) : null;
  }

  async deleteDocument(id: string): Promise<boolean> {
    // Rows of the log and the snapshot go with it (ON DELETE CASCADE).
    this.nextUpdateId.delete(id);
    return this.db.delete(documents).where(eq(documents.id, id)).run().changes > 0;
  }

  async loadState(id: string): Promise<StoredState | null> {
    return this.load(id);
  }

  /** Every room load reads this way. */
  private loadStatements(): (id: string) => StoredState | null {
    const id = sql.placeholder('id');
    const exists = this.db.select({ id: documents.id }).from(documents).where(eq(documents.id, id)).prepare();
    const snapshot = this.db
      .select({
        state: documentSnapshots.state,
        vector: documentSnapshots.stateVector,
        floor: documentSnapshots.floor,
        upTo: documentSnapshots.upToUpdateId,
        generation: documentSnapshots.partsGeneration,
        stateParts: documentSnapshots.stateParts,
      })
      .from(documentSnapshots)
      .where(eq(documentSnapshots.documentId, id))
      .prepare();
    const log = this.db
      .select({ id: documentUpdates.id, data: documentUpdates.data, reach: documentUpdates.reach })
      .from(documentUpdates)
      .where(and(eq(documentUpdates.documentId, id), gt(documentUpdates.id, sql.placeholder('after'))))
      .orderBy(asc(documentUpdates.id))
      .prepare();
    return this.sqlite.transaction((documentId: string): StoredState | null => {
      if (!exists.get({ id: documentId })) return null;
      const row = snapshot.get({ id: documentId });
      const inParts =
        row && row.generation !== null && row.stateParts !== null
          ? this.snapshots.read(documentId, { generation: row.generation, stateParts: row.stateParts })
          : null;
      const snap = row && inParts ? { ...row, ...inParts } : row;
      // The rows the snapshot stands for are the history's, not the load's.
      const rows = log.all({ id: documentId, after: row?.upTo ?? -1 });
      const last = rows.at(-1);
      return {
        // The driver's Buffers are fresh copies of the rows already: no need for another.
        snapshot: snap?.state ?? null,
        snapshotVector: snap?.vector ?? null,
        snapshotFloor: snap?.vector ? (snap.floor ?? null) : null,
        updates: rows.map((r) => r.data),
        reaches: rows.map((r) => r.reach),
        lastUpdateId: last ? last.id : (snap?.upTo ?? 0),
        logBytes: rows.reduce((sum, r) => sum + r.data.byteLength, 0),
      };
    });
  }

  // The hot path of every edit: one plain insert, without the query builder (which costs more than
  // SQLite itself here). It writes the log's page and nothing else: the document's updated_at is
  // read from its newest row (see updatedAt). The next id is kept here once known; the statement
  // that works it out from the rows (and the snapshot, whose rows compaction may have deleted)
  // runs on a document's first append, and again if another connection took the id meanwhile.
  private appendStatements(): (id: string, row: LogRow) => number {
    const insert = this.sqlite.prepare<LogRow & { documentId: string; rowId: number }>(
      `insert into document_updates (document_id, id, data, reach, created_at, author_id, author_name, source)
       values (@documentId, @rowId, @data, @reach, @now, @authorId, @authorName, @source)`,
    );
    const insertNext = this.sqlite.prepare<LogRow & { id: string }, { id: number }>(
      `insert into document_updates (document_id, id, data, reach, created_at, author_id, author_name, source)
       select d.id, max(coalesce((select max(u.id) from document_updates u where u.document_id = d.id), 0),
                        coalesce(s.up_to_update_id, 0)) + 1, @data, @reach, @now, @authorId, @authorName, @source
       from documents d left join document_snapshots s on s.document_id = d.id where d.id = @id
       returning id`,
    );
    const appendNext = (id: string, logRow: LogRow): number => {
      // all(), not get(): SQLite hands back a RETURNING row before the write has finished, and get()
      // resets the statement after the first row, dropping the error (SQLITE_FULL on a full disk) that
      // finishing it raises. The row would read as stored when nothing was.
      const [row] = insertNext.all({ id, ...logRow });
      if (!row) throw new DocumentGoneError(id);
      // Bounded by forgetting: an id forgotten is worked out again on the next append.
      if (this.nextUpdateId.size >= MAX_KNOWN_NEXT_IDS) this.nextUpdateId.clear();
      this.nextUpdateId.set(id, row.id + 1);
      return row.id;
    };
    return (id: string, row: LogRow): number => {
      const next = this.nextUpdateId.get(id);
      if (next === undefined) return appendNext(id, row);
      try {
        insert.run({ documentId: id, rowId: next, ...row });
      } catch (error) {
        this.nextUpdateId.delete(id);
        const code = (error as { code?: unknown }).code;
        if (code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return appendNext(id, row);
        if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') throw new DocumentGoneError(id);
        throw error;
      }
      this.nextUpdateId.set(id, next + 1);
      return next;
    };
  }

  async appendUpdate(id: string, update: Uint8Array, reach?: Uint8Array | null, by?: ChangeBy): Promise<number> {
    const rowId = this.append(id, {
      data: asBuffer(update),
      reach: reach ? asBuffer(reach) : null,
      now: Date.now(),
      authorId: by?.author?.id ?? null,
      authorName: by?.author?.name ?? null,
      source: by?.source ?? null,
    });
    this.checkpointer?.committed();
    return rowId;
  }

  async compact(id: string, snapshot: Uint8Array, upToUpdateId: number, stateVector?: Uint8Array, floor?: Uint8Array): Promise<void> {
    const vector = stateVector ? asBuffer(stateVector) : null;
    const state = asBuffer(snapshot);
    await this.snapshots.write({ documentId: id, state, vector, floor: vector && floor ? asBuffer(floor) : null, upTo: upToUpdateId, now: Date.now() });
    this.checkpointer?.committed(true);
  }

  // Runs on the main thread while rooms relay edits: without the query builder.
  async documentsWithLog(minRows: number): Promise<string[]> {
    // A look at each document's first rows through the log's key, not a scan of the log: its
    // B-tree holds every update's bytes, which a scan would read through.
    return this.sqlite
      .prepare<[number, number], { id: string }>(
        `select d.id from documents d left join document_snapshots s on s.document_id = d.id
         where (select count(*) from (select 1 from document_updates u
                where u.document_id = d.id and u.id > coalesce(s.up_to_update_id, -1) limit ?)) >= ?`,
      )
      .all(minRows, minRows)
      .map((r) => r.id);
  }

  async getSetting(key: string): Promise<string | null> {
    return this.db.select().from(settings).where(eq(settings.key, key)).get()?.value ?? null;
  }

  async setSetting(key: string, value: string): Promise<void> {
    this.db
      .insert(settings)
      .values({ key, value })
      .onConflictDoUpdate({ target: settings.key, set: { value: sql`excluded.value` } })
      .run();
  }

  async close(): Promise<void> {
    await this.checkpointer?.close();
    if (this.sqlite.open) this.sqlite.close();
  }
}
