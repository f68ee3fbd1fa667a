// When an open document's log is folded into its snapshot: once due and the edits pause, at once
// when overdue, not for small edits to a large document, and never leaving the stored document
// different from the one the room holds.

import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { docFromStoredState, inThreadMerger } from '../../../../server/collab/merge/index.js';
import { type CompactionOptions, type CompactionSubject, RoomCompaction } from '../../../../server/collab/room-compaction.js';
import { SqliteStore } from '../../../../server/storage/sqlite/sqlite-store.js';
import { tempDir } from '../../../support/temp-dir.js';

const stores: SqliteStore[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const store of stores.splice(0)) await store.close();
});

// The edits' pauses are the test's to make: its clock moves only when told (the store's turns are real).
const QUIET_MS = 50;
const pause = (ms: number) => vi.advanceTimersByTimeAsync(ms);

/** A document as a room holds it, in a real store, every edit appended as a row and reported to `compaction`. */
async function openDocument(options: Partial<CompactionOptions>, initialText = 'A report.') {
  const store = new SqliteStore(join(tempDir(), 'glossa.db'));
  stores.push(store);
  const doc = new Y.Doc();
  doc.getText('source').insert(0, initialText);
  await store.createDocument({ id: 'report', title: 'Report', sourceBytes: initialText.length, state: Y.encodeStateAsUpdate(doc) });
  const subject: CompactionSubject = {
    documentId: 'report',
    closing: false,
    content: {
      whole: async () => ({ state: Y.encodeStateAsUpdate(doc), stateVector: Y.encodeStateVector(doc) }),
      knowFloor: () => undefined,
      foldIfDue: () => undefined,
    },
    whenDurable: async () => undefined,
    catchUp: async () => 0,
  };
  const compaction = new RoomCompaction(
    (await store.loadState('report'))!,
    subject,
    store,
    { compactMaxRows: 10, compactMaxBytes: 1024 * 1024, mergeQuietMs: 50, merger: inThreadMerger, ...options },
    pino({ level: 'silent' }),
    null,
  );
  const edit = async (text: string) => {
    const before = Y.encodeStateVector(doc);
    doc.getText('source').insert(0, text);
    const update = Y.encodeStateAsUpdate(doc, before);
    compaction.edited(false);
    compaction.stored(await store.appendUpdate('report', update), update.byteLength);
  };
  const rows = async () => (await store.loadState('report'))!.updates.length;
  const storedText = async () =>
    docFromStoredState((await store.loadState('report'))!)
      .getText('source')
      .toString();
  return { doc, compaction, edit, rows, storedText };
}

describe('RoomCompaction', () => {
  it('folds a log that is due once the edits pause, and the store then holds what the room holds', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { doc, edit, rows, storedText } = await openDocument({ mergeQuietMs: QUIET_MS });
    for (let i = 0; i < 9; i++) await edit(`Edit ${i}. `);
    await pause(20 * QUIET_MS);
    expect(await rows()).toBe(9);

    await edit('The tenth. ');
    // Due, but the edits have not paused yet.
    expect(await rows()).toBe(10);
    await pause(QUIET_MS);
    await vi.waitFor(async () => expect(await rows()).toBe(0));
    expect(await storedText()).toBe(doc.getText('source').toString());
  });

  it('does not rewrite a large document for a few small edits: its log may reach half the snapshot first', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { edit, rows } = await openDocument({ mergeQuietMs: QUIET_MS }, 'A long report. '.repeat(2_000));
    for (let i = 0; i < 30; i++) await edit(`Edit ${i}. `);
    await pause(20 * QUIET_MS);
    expect(await rows()).toBe(30);
  });

  it('starts at once, without a pause, once overdue', async () => {
    // A pause that never comes within the test.
    const { doc, compaction, edit, rows, storedText } = await openDocument({ mergeQuietMs: 600_000 });
    for (let i = 0; i < 40; i++) await edit(`Edit ${i}. `);
    // The fortieth row made it overdue (four times the rows): it started without waiting.
    expect(compaction.busy).toBe(true);
    await compaction.compact();
    expect(await rows()).toBe(0);
    expect(await storedText()).toBe(doc.getText('source').toString());
  });
});
