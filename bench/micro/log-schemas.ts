// What one durable append costs with the log laid out differently: the figures that decided the
// storage-format change of migration 0004 (docs/benchmarks-history.md, sixth and seventh sessions); the
// last layout is the store's since then. Each layout gets its own SQLite file
// with the store's pragmas (WAL, synchronous=NORMAL); a 280-byte update is appended in its own
// transaction, as the group commit does, while a busy process holds the other core (as workload
// A's load clients do). Frames per commit are read from the write-ahead log's growth.
// `npx tsx bench/micro/log-schemas.ts [commits] [rounds]`

import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { median } from '../stats.js';

if (process.argv[2] === '--spin') {
  for (;;);
}

const commits = Number(process.argv[2] ?? 2000);
const rounds = Number(process.argv[3] ?? 5);
const PAGE = 4096;
const FRAME = PAGE + 24;

interface Layout {
  name: string;
  schema: string;
  /** Appends one update to document `id` in one transaction. */
  appender(db: Database.Database): (id: string, data: Buffer, now: number) => void;
}

const DOCUMENTS = `create table documents (id text primary key, title text not null, updated_at integer not null);`;

const rowidLog = `create table document_updates (id integer primary key autoincrement, document_id text not null references documents(id) on delete cascade, data blob not null, created_at integer not null);
  create index document_updates_document_id_idx on document_updates (document_id, id);`;
const keyedLog = `create table document_updates (document_id text not null references documents(id) on delete cascade, seq integer not null, data blob not null, created_at integer not null, primary key (document_id, seq)) without rowid;`;

function rowidAppender(touch: boolean) {
  return (db: Database.Database) => {
    const update = db.prepare('update documents set updated_at = ? where id = ?');
    const insert = db.prepare('insert into document_updates (document_id, data, created_at) values (?, ?, ?) returning id');
    return db.transaction((id: string, data: Buffer, now: number) => {
      if (touch) update.run(now, id);
      insert.get(id, data, now);
    });
  };
}

function keyedAppender(touch: boolean) {
  return (db: Database.Database) => {
    const update = db.prepare('update documents set updated_at = ? where id = ?');
    // The next number after the document's last row (a compaction's snapshot would also bound it).
    const insert = db.prepare(
      `insert into document_updates (document_id, seq, data, created_at)
       values (@id, coalesce((select max(seq) from document_updates where document_id = @id), 0) + 1, @data, @now) returning seq`,
    );
    return db.transaction((id: string, data: Buffer, now: number) => {
      if (touch) update.run(now, id);
      insert.get({ id, data, now });
    });
  };
}

const layouts: Layout[] = [
  { name: 'before 0004: rowid log (AUTOINCREMENT) + index, documents.updated_at touched', schema: rowidLog, appender: rowidAppender(true) },
  { name: 'rowid log + index, no touch', schema: rowidLog, appender: rowidAppender(false) },
  { name: 'log keyed (document, seq) WITHOUT ROWID, touched', schema: keyedLog, appender: keyedAppender(true) },
  { name: 'since 0004: log keyed (document, seq) WITHOUT ROWID, no touch', schema: keyedLog, appender: keyedAppender(false) },
];

const spinner = fork(fileURLToPath(import.meta.url), ['--spin'], { execArgv: ['--import', 'tsx'] });
const dir = mkdtempSync(join(tmpdir(), 'glossa-log-schemas-'));
const data = Buffer.alloc(280, 7);
const results = new Map<string, number[]>();
const frames = new Map<string, number>();
try {
  for (let round = 0; round < rounds; round++) {
    for (const layout of layouts) {
      const path = join(dir, `${round}-${layouts.indexOf(layout)}.db`);
      const db = new Database(path);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      db.pragma('wal_autocheckpoint = 0');
      db.exec(DOCUMENTS + layout.schema);
      // Several documents, as a server holds them; appends go to one.
      for (let d = 0; d < 20; d++) db.prepare('insert into documents values (?, ?, ?)').run(`doc${d}`, 'report', Date.now());
      db.pragma('wal_checkpoint(TRUNCATE)');
      const append = layout.appender(db);
      // A fresh time for every commit, as at the pace of people editing: SQLite skips rewriting a
      // row whose new content equals the old, which a loop within one millisecond would measure.
      let now = Date.now();
      for (let i = 0; i < 200; i++) append('doc3', data, now++);
      const walBefore = statSync(`${path}-wal`).size;
      const start = process.hrtime.bigint();
      for (let i = 0; i < commits; i++) append('doc3', data, now++);
      const us = Number(process.hrtime.bigint() - start) / 1000 / commits;
      frames.set(layout.name, (statSync(`${path}-wal`).size - walBefore) / FRAME / commits);
      db.close();
      const list = results.get(layout.name) ?? [];
      list.push(us);
      results.set(layout.name, list);
    }
  }
} finally {
  spinner.kill();
  rmSync(dir, { recursive: true, force: true });
}

const base = median(results.get(layouts[0]!.name)!);
for (const layout of layouts) {
  const us = median(results.get(layout.name)!);
  console.log(`${layout.name}: ${us.toFixed(1)} µs per append (×${(us / base).toFixed(2)}), ${frames.get(layout.name)!.toFixed(2)} WAL frames per commit`);
}
