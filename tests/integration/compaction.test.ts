// The update log is folded into snapshots: bounded rows, identical documents, crash-safe.

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { docFromStoredState } from '../../server/collab/merge/stored-doc.js';
import { inThreadMerger } from '../../server/collab/merge/state-merger.js';
import { compactStoredDocument } from '../../server/collab/compaction-sweep.js';
import { SqliteStore } from '../../server/storage/sqlite/sqlite-store.js';
import { tempDir } from '../support/temp-dir.js';
import { createDocument, startTestServer } from '../support/test-server.js';
import { connectClient, whenSynced } from '../support/yjs-clients.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

function logStats(dbPath: string, documentId: string): { rows: number; logBytes: number; snapshotBytes: number } {
  const db = new Database(dbPath, { readonly: true });
  try {
    // The live log: the rows past the snapshot (those it stands for stay, as history).
    const log = db
      .prepare(
        `select count(*) as rows, coalesce(sum(length(data)), 0) as bytes from document_updates
         where document_id = @id and id > (select up_to_update_id from document_snapshots where document_id = @id)`,
      )
      .get({ id: documentId }) as {
      rows: number;
      bytes: number;
    };
    const snap = db.prepare('select length(state) as bytes from document_snapshots where document_id = ?').get(documentId) as { bytes: number } | undefined;
    return { rows: log.rows, logBytes: log.bytes, snapshotBytes: snap?.bytes ?? 0 };
  } finally {
    db.close();
  }
}

/**
 * Makes `count` edits, each stored as its own log row (the client waits for Saved between them).
 * Edits overwrite labels and insert then remove text, so the content stays the same size while history grows.
 */
async function editOneByOne(url: string, id: string, count: number): Promise<{ state: Uint8Array; sentBytes: number }> {
  const client = connectClient(url, id, { savedAck: true });
  await whenSynced(client);
  let sentBytes = 0;
  client.doc.on('update', (update: Uint8Array) => (sentBytes += update.byteLength));
  const labels = client.doc.getMap('labels');
  for (let i = 0; i < count; i++) {
    labels.set(`label-${i % 20}`, { name: `Label ${i}`, color: '#aa3300' });
    if (i % 14 === 0) client.text.insert(i % 30, `${i}`);
    else if (i % 14 === 7) client.text.delete((i - 7) % 30, `${i - 7}`.length);
    await client.saved!.whenSaved();
  }
  const state = Y.encodeStateAsUpdate(client.doc);
  client.destroy();
  return { state, sentBytes };
}

/** Parts of the document's snapshots: those the current snapshot uses, and any others. */
function snapshotParts(dbPath: string, documentId: string): { stored: number; unused: number } {
  const db = new Database(dbPath, { readonly: true });
  try {
    const count = (sql: string) => (db.prepare(sql).get(documentId, documentId) as { n: number }).n;
    const current = 'select parts_generation from document_snapshots where document_id = ?';
    return {
      stored: count(`select count(*) as n from document_snapshot_parts where document_id = ? and generation = (${current})`),
      unused: count(`select count(*) as n from document_snapshot_parts where document_id = ? and generation is not (${current})`),
    };
  } finally {
    db.close();
  }
}

async function loadStored(dbPath: string, id: string): Promise<Y.Doc> {
  const store = new SqliteStore(dbPath);
  const stored = await store.loadState(id);
  await store.close();
  return docFromStoredState(stored!);
}

function expectSameContent(a: Y.Doc, b: Y.Doc): void {
  expect(a.getText('source').toString()).toBe(b.getText('source').toString());
  expect(a.getMap('labels').toJSON()).toEqual(b.getMap('labels').toJSON());
}

function runCrash(dbPath: string, id: string, step: string, partBytes?: number): Promise<NodeJS.Signals | null> {
  const args = [join(root, 'tests/support/compact-crash.ts'), dbPath, id, step, ...(partBytes ? [`${partBytes}`] : [])];
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
}

describe('compaction', () => {
  it('keeps the log bounded over thousands of updates and loads an identical document', async () => {
    const dbPath = join(tempDir(), 'glossa.db');
    const server = await startTestServer({ DATABASE_URL: dbPath }, { tuning: { compactMaxRows: 100 } });
    const id = await createDocument(server.url, 'Text under heavy editing. '.repeat(4));

    const { state: final, sentBytes } = await editOneByOne(server.url, id, 2500);
    // The document is merged off the main thread while edits go on: the log is bounded once that
    // settles. Compacted once there are compactMaxRows rows holding half the snapshot's bytes:
    // whichever of the two is still short bounds the log.
    const bounded = () => {
      const stats = logStats(dbPath, id);
      return stats.rows <= 100 || stats.logBytes < stats.snapshotBytes / 2 + 1024;
    };
    await expect.poll(bounded, { timeout: 10_000 }).toBe(true);
    const stats = logStats(dbPath, id);
    expect(stats.rows).toBeLessThan(500);
    // What is stored is the document's own state plus a bounded tail, not the sum of its history.
    expect(stats.snapshotBytes).toBeLessThanOrEqual(final.byteLength);
    expect(stats.snapshotBytes + stats.logBytes).toBeLessThan(sentBytes / 3);

    const expected = new Y.Doc();
    Y.applyUpdate(expected, final);
    expectSameContent(await loadStored(dbPath, id), expected);
    const reader = connectClient(server.url, id);
    await whenSynced(reader);
    expectSameContent(reader.doc, expected);
  });

  it('a large document is not rewritten every few rows: its log may reach half its snapshot first', async () => {
    const dbPath = join(tempDir(), 'glossa.db');
    const server = await startTestServer({ DATABASE_URL: dbPath }, { tuning: { compactMaxRows: 20 } });
    const id = await createDocument(server.url, 'A long report. '.repeat(4_000));
    const before = logStats(dbPath, id);

    await editOneByOne(server.url, id, 100);
    const after = logStats(dbPath, id);
    expect(after.rows).toBeGreaterThan(20);
    expect(after.snapshotBytes).toBe(before.snapshotBytes);

    // Past half the snapshot, the log is folded in.
    const writer = connectClient(server.url, id, { savedAck: true });
    await whenSynced(writer);
    writer.text.insert(0, 'x'.repeat(after.snapshotBytes / 2));
    await writer.saved!.whenSaved();
    // The fold runs in the merge thread after the commit; under a full suite on 2 cores that took
    // over a second once, past the poll's default.
    await expect.poll(() => logStats(dbPath, id).rows, { timeout: 10_000 }).toBe(0);
    writer.destroy();
  });

  it('a document under constant editing is merged once its edits pause, or once overdue, and loads identically', async () => {
    const dbPath = join(tempDir(), 'glossa.db');
    // Generous: on 2 cores under the whole suite, a gap between one client's edits never came near it.
    const quietMs = 2000;
    const server = await startTestServer({ DATABASE_URL: dbPath, ROOM_IDLE_MS: '600000' }, { tuning: { compactMaxRows: 50, mergeQuietMs: quietMs } });
    const id = await createDocument(server.url, 'Text under constant editing.');
    // 150 rows: due at 50, but the edits never pause; overdue only at four times that.
    await editOneByOne(server.url, id, 150);
    expect(logStats(dbPath, id).rows).toBe(150);

    // The pause: the log is folded into the snapshot without anyone leaving.
    const pausedAt = performance.now();
    await expect.poll(() => logStats(dbPath, id).rows, { timeout: quietMs + 10_000 }).toBe(0);
    expect(performance.now() - pausedAt).toBeGreaterThanOrEqual(quietMs - 50);

    // Edits that never pause still compact at four times compactMaxRows: well before a pause could
    // start another (it may still be writing the snapshot when the last edit is saved).
    const { state } = await editOneByOne(server.url, id, 250);
    await expect.poll(() => logStats(dbPath, id).rows, { timeout: quietMs / 2 }).toBeLessThan(250);

    const expected = new Y.Doc();
    Y.applyUpdate(expected, state);
    expectSameContent(await loadStored(dbPath, id), expected);
  });

  for (const step of ['part-written', 'snapshot-written', 'rows-deleted'] as const) {
    it(`a crash with the ${step.replace('-', ' ')} but not committed leaves a document that loads identically`, async () => {
      const dbPath = join(tempDir(), 'glossa.db');
      const server = await startTestServer({ DATABASE_URL: dbPath, ROOM_IDLE_MS: '600000' }, { tuning: { compactMaxRows: 100_000 } });
      const id = await createDocument(server.url, 'Crash-tested text.');
      const { state } = await editOneByOne(server.url, id, 40);
      const before = logStats(dbPath, id);
      expect(before.rows).toBe(40);

      // Small parts, so that this small document's snapshot is written in several.
      expect(await runCrash(dbPath, id, step, 256)).toBe('SIGKILL');

      const expected = new Y.Doc();
      Y.applyUpdate(expected, state);
      expectSameContent(await loadStored(dbPath, id), expected);
      expect(logStats(dbPath, id).rows).toBe(40);
      await server.close();

      // The next compaction deletes what the crashed one left.
      const store = new SqliteStore(dbPath, { snapshotPartBytes: 256 });
      await compactStoredDocument(store, id, inThreadMerger);
      await store.close();
      expectSameContent(await loadStored(dbPath, id), expected);
      expect(snapshotParts(dbPath, id)).toEqual({ stored: expect.any(Number), unused: 0 });
    });
  }

  it("a large snapshot is written in parts, other documents' edits are stored between them, and the replaced parts go", async () => {
    const dbPath = join(tempDir(), 'glossa.db');
    const store = new SqliteStore(dbPath, { snapshotPartBytes: 4096 });
    const doc = new Y.Doc();
    doc.getText('source').insert(0, 'A long report. '.repeat(2_000));
    await store.createDocument({ id: 'report', title: 'Report', sourceBytes: 30_000, state: Y.encodeStateAsUpdate(doc) });
    await store.createDocument({ id: 'other', title: 'Other', sourceBytes: 0, state: Y.encodeStateAsUpdate(new Y.Doc()) });
    const edit = (text: string) => {
      const before = Y.encodeStateVector(doc);
      doc.getText('source').insert(0, text);
      return Y.encodeStateAsUpdate(doc, before);
    };
    for (let i = 0; i < 20; i++) await store.appendUpdate('report', edit(`Edit ${i}. `));

    const events: string[] = [];
    const compaction = compactStoredDocument(store, 'report', inThreadMerger).then(() => events.push('report compacted'));
    // Someone's edit on another document while the report's snapshot is being written.
    await new Promise<void>((resolve) => setImmediate(resolve));
    await store.appendUpdate('other', Y.encodeStateAsUpdate(new Y.Doc()));
    events.push('the other document’s edit stored');
    await compaction;
    expect(events).toEqual(['the other document’s edit stored', 'report compacted']);

    const loaded = await store.loadState('report');
    expect(loaded!.updates).toEqual([]);
    expect(docFromStoredState(loaded!).getText('source').toString()).toBe(doc.getText('source').toString());
    const first = snapshotParts(dbPath, 'report');
    expect(first.stored).toBeGreaterThan(5);
    expect(first.unused).toBe(0);

    // A second compaction replaces the snapshot; the first one's parts are deleted.
    await store.appendUpdate('report', edit('One more. '));
    await compactStoredDocument(store, 'report', inThreadMerger);
    expect(snapshotParts(dbPath, 'report').unused).toBe(0);
    expect(
      docFromStoredState((await store.loadState('report'))!)
        .getText('source')
        .toString(),
    ).toBe(doc.getText('source').toString());
    await store.close();
  });

  it('the background sweep compacts documents nobody has open', async () => {
    const dbPath = join(tempDir(), 'glossa.db');
    const first = await startTestServer({ DATABASE_URL: dbPath, ROOM_IDLE_MS: '600000' }, { tuning: { compactMaxRows: 100_000 } });
    const id = await createDocument(first.url, 'Left with a long log.');
    const { state } = await editOneByOne(first.url, id, 30);
    // Terminate without unloading rooms, the way a crash would, so the log is left behind.
    expect(logStats(dbPath, id).rows).toBe(30);

    const second = await startTestServer({ DATABASE_URL: dbPath });
    await second.sweep.runOnce();
    const after = logStats(dbPath, id);
    expect(after.rows).toBe(0);
    const expected = new Y.Doc();
    Y.applyUpdate(expected, state);
    expectSameContent(await loadStored(dbPath, id), expected);
  });

  it('a compaction the store refuses keeps the log, is not retried at once, and the next edit compacts', async () => {
    const dbPath = join(tempDir(), 'glossa.db');
    const store = new SqliteStore(dbPath);
    const refusing = Object.create(store) as SqliteStore;
    let attempts = 0;
    let refuse = true;
    refusing.compact = (...args: Parameters<SqliteStore['compact']>) => {
      attempts += 1;
      return refuse ? Promise.reject(new Error('disk full')) : store.compact(...args);
    };
    const server = await startTestServer({ DATABASE_URL: dbPath }, { store: refusing, tuning: { compactMaxRows: 20 } });
    const id = await createDocument(server.url, 'Text whose compaction fails.');

    const { state } = await editOneByOne(server.url, id, 20);
    // One attempt for the row that made it due; a retry on failure would loop here for ever.
    await expect.poll(() => attempts).toBe(1);
    expect(logStats(dbPath, id).rows).toBe(20);
    const expected = new Y.Doc();
    Y.applyUpdate(expected, state);
    expectSameContent(await loadStored(dbPath, id), expected);

    refuse = false;
    await editOneByOne(server.url, id, 1);
    await expect.poll(() => logStats(dbPath, id).rows).toBe(0);
    expect(attempts).toBe(2);
    await server.close();
    await store.close();
  });
});
