// Retention: past HISTORY_DETAIL_DAYS, a day's changes are kept as one; the document as of the end of
// that day stays exact, what the log still holds for loads is untouched, and the feed says what went.

import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { HistoryRetention } from '../../server/history/history-retention.js';
import { HistoryService } from '../../server/history/history-service.js';
import { SqliteStore } from '../../server/storage/sqlite/sqlite-store.js';
import { tempDir } from '../support/temp-dir.js';

const log = pino({ level: 'silent' });
const ana = { id: 'ana', name: 'Ana' };
const DAY = 24 * 60 * 60 * 1000;

let closing: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closing.reverse()) await close();
  closing = [];
});

describe('history retention', () => {
  it('keeps changes older than the detail period as one per day, the document then exact, the live log untouched', async () => {
    const store = new SqliteStore(join(tempDir('glossa-retention-'), 'store.db'));
    const history = new HistoryService(store, true, log);
    closing.push(
      () => store.close(),
      () => history.close(),
    );
    const doc = new Y.Doc();
    doc.getText('source').insert(0, 'The report.');
    await store.createDocument({ id: 'r', title: 'r', sourceBytes: 11, state: Y.encodeStateAsUpdate(doc), author: ana });
    const type = async (text: string) => {
      const before = Y.encodeStateVector(doc);
      doc.getText('source').insert(doc.getText('source').length, text);
      return store.appendUpdate('r', Y.encodeStateAsUpdate(doc, before), null, { author: ana, source: null });
    };
    await type(' One.');
    const folded = await type(' Two.');
    await store.compact('r', Y.encodeStateAsUpdate(doc), folded);
    await type(' Three.');
    const now = new Date().toISOString();
    // Her typing reads as one line.
    expect((await history.activity('r', {}, null, 50))!.entries.map((e) => e.text)).toEqual(['edited the text (17 characters added)', 'created the document']);

    // Two days on, with one day of detail kept: today's folded changes become one.
    const retention = new HistoryRetention(store, history, 1, 0, log);
    expect(await retention.runOnce(new Date(Date.now() + 2 * DAY))).toBe(2);
    const record = (await store.history.record('r'))!;
    expect(record.map((r) => r.source)).toEqual(['condensed', null]);
    expect((await history.stateAt('r', now))!.text).toBe('The report. One. Two. Three.');
    const lines = (await history.activity('r', {}, null, 50))!.entries.map((e) => `${e.person?.name ?? '-'}: ${e.text}`);
    expect(lines[0]).toBe('Ana: edited the text (7 characters added)');
    expect(lines[1]).toMatch(/^-: changes of that day, kept as one/);
    expect((await store.loadState('r'))!.updates).toHaveLength(1);
    // Nothing more to do on the next pass.
    expect(await retention.runOnce(new Date(Date.now() + 2 * DAY))).toBe(0);
  });
});
