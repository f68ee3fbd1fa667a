// The SQLite store's write-ahead log is checkpointed by a thread of its own, not inside the
// commits of edits (where SQLite would do it, holding up the relay of every edit meanwhile).

import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, expect, test } from 'vitest';
import * as Y from 'yjs';
import { SqliteStore } from '../../server/storage/sqlite/sqlite-store.js';
import type { CheckpointResult } from '../../server/storage/sqlite/wal-checkpointer.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir('glossa-checkpoint-');
const open: SqliteStore[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((store) => store.close()));
});

function edits(count: number): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  for (let i = 0; i < count; i++) doc.getMap('annotations').set(`a${i}`, { start: i, end: i + 5, label: 'claim' });
  return updates;
}

test('edits reach the database file itself after a hundred commits, well before SQLite would copy them there', async () => {
  const path = join(dir, 'checkpointed.db');
  const checkpoints: CheckpointResult[] = [];
  let checkpointed!: () => void;
  const firstCheckpoint = new Promise<void>((resolve) => (checkpointed = resolve));
  const store = new SqliteStore(path, {
    onCheckpoint: (result) => {
      checkpoints.push(result);
      checkpointed();
    },
  });
  open.push(store);
  await store.createDocument({ id: 'doc', title: 'Report', sourceBytes: 1, state: Y.encodeStateAsUpdate(new Y.Doc()) });
  for (const update of edits(100)) await store.appendUpdate('doc', update);
  await firstCheckpoint;

  // A copy of the database file alone, without its log, has every edit: the log was copied in.
  // (SQLite's own checkpoint comes at 1,000 log pages; these 100 edits wrote about 300.)
  expect(checkpoints[0]!.copiedPages).toBe(checkpoints[0]!.logPages);
  expect(checkpoints[0]!.logPages).toBeLessThan(1_000);
  const copy = join(dir, 'file-only.db');
  copyFileSync(path, copy);
  const reader = new Database(copy, { readonly: true });
  try {
    // Row 0 is the state the document was created with.
    expect(reader.prepare('select count(*) as n from document_updates where id > 0').get()).toEqual({ n: 100 });
  } finally {
    reader.close();
  }
});

test('a store that closes stops its checkpoint thread first, leaving one file with everything written', async () => {
  const path = join(dir, 'reopened.db');
  const store = new SqliteStore(path);
  await store.createDocument({ id: 'doc', title: 'Report', sourceBytes: 1, state: Y.encodeStateAsUpdate(new Y.Doc()) });
  const updates = edits(250);
  for (const update of updates) await store.appendUpdate('doc', update);
  await store.close();
  // The last connection to close takes the log away: the thread's had closed before the store's.
  expect(existsSync(`${path}-wal`)).toBe(false);

  const again = new SqliteStore(path);
  open.push(again);
  const stored = await again.loadState('doc');
  expect(stored!.updates).toHaveLength(250);
  const doc = new Y.Doc();
  for (const update of stored!.updates) Y.applyUpdate(doc, update);
  expect(doc.getMap('annotations').size).toBe(250);
});
