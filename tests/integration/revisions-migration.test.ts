// A database written before versions were kept (migration 0009) opens with each document's text as
// it is counted as its first version, so the list of versions starts from what people had.

import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { expect, test } from 'vitest';
import { projectPath } from '../../server/project-paths.js';
import { SqliteStore } from '../../server/storage/sqlite/sqlite-store.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir('glossa-revisions-migration-');

function migrationsBefore(idx: number): string {
  const folder = join(dir, `migrations-before-${idx}`);
  cpSync(projectPath('migrations/sqlite'), folder, { recursive: true });
  const journalPath = join(folder, 'meta/_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { idx: number }[] };
  journal.entries = journal.entries.filter((entry) => entry.idx < idx);
  writeFileSync(journalPath, JSON.stringify(journal));
  return folder;
}

test('documents stored before versions were kept have their text as it is as version 1', async () => {
  const path = join(dir, 'old.db');
  const old = new Database(path);
  migrate(drizzle(old), { migrationsFolder: migrationsBefore(9) });
  old
    .prepare('insert into documents (id, title, source_bytes, annotation_count, created_at, updated_at) values (?, ?, ?, 0, ?, ?)')
    .run('old-report', 'Old report', 42, 1_700_000_000_000, 1_700_000_000_000);
  old.close();

  const store = new SqliteStore(path);
  try {
    expect(await store.revisions.list('old-report')).toEqual([
      { number: 1, createdAt: new Date(1_700_000_000_000), author: null, sourceBytes: 42, inserted: 0, deleted: 0, annotations: null },
    ]);
    const next = await store.revisions.record('old-report', {
      author: null,
      sourceBytes: 50,
      inserted: 8,
      deleted: 0,
      annotations: { intact: 0, edited: 0, detached: 0 },
    });
    expect(next?.number).toBe(2);
  } finally {
    await store.close();
  }
});
