// A database written before migration 0004 (the update log as a rowid table with a global
// AUTOINCREMENT id) opens with its documents whole: every row kept, in order, under its old id,
// and appends carry on past what each snapshot covers.

import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { expect, test } from 'vitest';
import * as Y from 'yjs';
import { projectPath } from '../../server/project-paths.js';
import { SqliteStore } from '../../server/storage/sqlite/sqlite-store.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir('glossa-log-migration-');

/** The migrations folder as it stood before 0004. */
function migrationsBefore0004(): string {
  const folder = join(dir, 'migrations-0003');
  cpSync(projectPath('migrations/sqlite'), folder, { recursive: true });
  const journalPath = join(folder, 'meta/_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { idx: number }[] };
  journal.entries = journal.entries.filter((entry) => entry.idx < 4);
  writeFileSync(journalPath, JSON.stringify(journal));
  return folder;
}

function textDoc(text: string) {
  const doc = new Y.Doc();
  doc.getText('source').insert(0, text);
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  return { doc, updates, initial: Y.encodeStateAsUpdate(doc) };
}

test('a log written with global ids migrates in place: same rows, same ids, later appends after them', async () => {
  const path = join(dir, 'old.db');
  const old = new Database(path);
  migrate(drizzle(old), { migrationsFolder: migrationsBefore0004() });

  const a = textDoc('Alpha report.');
  const b = textDoc('Beta report.');
  const addDoc = old.prepare('insert into documents (id, title, source_bytes, annotation_count, created_at, updated_at) values (?, ?, 1, 0, ?, ?)');
  const addSnapshot = old.prepare('insert into document_snapshots (document_id, state, up_to_update_id, created_at) values (?, ?, ?, ?)');
  const append = old.prepare('insert into document_updates (document_id, data, created_at) values (?, ?, ?) returning id');
  const t0 = Date.UTC(2026, 10, 1);
  addDoc.run('a', 'Alpha', t0, t0 + 50);
  addDoc.run('b', 'Beta', t0, t0 + 10);
  addSnapshot.run('a', Buffer.from(a.initial), 0, t0);
  addSnapshot.run('b', Buffer.from(b.initial), 0, t0);
  // Interleaved edits of both documents, as the old store numbered them.
  const ids: Record<'a' | 'b', number[]> = { a: [], b: [] };
  for (let i = 0; i < 6; i++) {
    for (const [name, d] of [
      ['a', a],
      ['b', b],
    ] as const) {
      d.doc.getMap('annotations').set(`${name}${i}`, { start: i, end: i + 3, label: 'claim' });
      ids[name].push((append.get(name, Buffer.from(d.updates.at(-1)!), t0 + i) as { id: number }).id);
    }
  }
  // Document b was compacted through its newest row, the newest row of the whole table: the old
  // AUTOINCREMENT counter was what kept its next id above the snapshot's.
  const bUpTo = ids.b.at(-1)!;
  old.prepare('update document_snapshots set state = ?, up_to_update_id = ? where document_id = ?').run(Buffer.from(Y.encodeStateAsUpdate(b.doc)), bUpTo, 'b');
  old.prepare('delete from document_updates where document_id = ? and id <= ?').run('b', bUpTo);
  old.close();

  const store = new SqliteStore(path);
  try {
    const table = new Database(path, { readonly: true });
    const definition = table.prepare("select sql from sqlite_master where name = 'document_updates'").get() as { sql: string };
    const indexes = table.prepare("select name from sqlite_master where type = 'index' and tbl_name = 'document_updates' and sql is not null").all();
    table.close();
    expect(definition.sql).toMatch(/WITHOUT ROWID/i);
    expect(indexes).toEqual([]);

    const storedA = (await store.loadState('a'))!;
    expect(storedA.updates.map((u) => Buffer.from(u))).toEqual(a.updates.map((u) => Buffer.from(u)));
    expect(storedA.lastUpdateId).toBe(ids.a.at(-1));
    const loadedA = new Y.Doc();
    Y.applyUpdate(loadedA, storedA.snapshot!);
    for (const update of storedA.updates) Y.applyUpdate(loadedA, update);
    expect(loadedA.getMap('annotations').toJSON()).toEqual(a.doc.getMap('annotations').toJSON());

    const storedB = (await store.loadState('b'))!;
    expect(storedB.updates).toEqual([]);
    expect(storedB.lastUpdateId).toBe(bUpTo);

    // When each document last changed carries over.
    expect((await store.listDocuments()).map((d) => [d.id, d.updatedAt.getTime()])).toEqual([
      ['a', t0 + 50],
      ['b', t0 + 10],
    ]);

    a.doc.getMap('annotations').set('a-new', { start: 0, end: 1, label: 'evidence' });
    expect(await store.appendUpdate('a', a.updates.at(-1)!)).toBeGreaterThan(ids.a.at(-1)!);
    b.doc.getMap('annotations').set('b-new', { start: 0, end: 1, label: 'evidence' });
    const nextB = await store.appendUpdate('b', b.updates.at(-1)!);
    expect(nextB).toBeGreaterThan(bUpTo);
    expect((await store.loadState('b'))!.updates.map((u) => Buffer.from(u))).toEqual([Buffer.from(b.updates.at(-1)!)]);
    expect((await store.getDocument('b'))!.updatedAt.getTime()).toBeGreaterThan(t0 + 10);
  } finally {
    await store.close();
  }
});
