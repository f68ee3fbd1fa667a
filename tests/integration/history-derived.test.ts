// What the history thread derives is stored beside the record: after a restart the feed and the past are
// read from it without replaying the record, and a derivation resumed from the store (new changes after
// the restart) reads exactly as one made in a single run.

import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { CommandInput } from '../../shared/model/commands.js';
import { HistoryService } from '../../server/history/history-service.js';
import { SqliteStore } from '../../server/storage/sqlite/sqlite-store.js';
import { tempDir } from '../support/temp-dir.js';
import { run, sourceDoc } from '../support/model-docs.js';

const log = pino({ level: 'silent' });
const ana = { id: 'ana', name: 'Ana', color: '#c2255c', role: 'editor' as const };

let closing: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closing.reverse()) await close();
  closing = [];
});

function open(path: string) {
  const store = new SqliteStore(path);
  const history = new HistoryService(store, true, log);
  closing.push(
    () => store.close(),
    () => history.close(),
  );
  return { store, history };
}

describe('stored history', () => {
  it('reads the same after a restart, and goes on from the store as if never stopped', async () => {
    const path = join(tempDir('glossa-derived-'), 'store.db');
    const doc = sourceDoc('The committee met in Almaty. The committee denied the claim.');
    /** A command's update, stored as the server stores it, and the moment after it. */
    const change = async (store: SqliteStore, input: CommandInput): Promise<string> => {
      const before = Y.encodeStateVector(doc);
      run(doc, input, ana, new Date().toISOString());
      await store.appendUpdate('d', Y.encodeStateAsUpdate(doc, before), null, { author: ana, source: 'command' });
      await new Promise((r) => setTimeout(r, 3));
      return new Date().toISOString();
    };

    const first = open(path);
    await first.store.createDocument({ id: 'd', title: 'd', sourceBytes: 60, state: Y.encodeStateAsUpdate(doc), author: ana });
    const moments = [await change(first.store, { type: 'annotation.create', id: 'a', start: 4, end: 13, labels: ['claim'] })];
    moments.push(await change(first.store, { type: 'annotation.setLabels', annotationId: 'a', labels: ['evidence'] }));
    const feedBefore = await first.history.activity('d', {}, null, 50);
    expect(feedBefore!.entries).toHaveLength(3);
    await first.history.close();
    await first.store.close();

    // A restart: the feed and the past come from the stored rows; then more changes, derived from there on.
    const second = open(path);
    expect(await second.history.activity('d', {}, null, 50)).toEqual(feedBefore);
    moments.push(await change(second.store, { type: 'annotation.resolve', annotationId: 'a' }));
    moments.push(await change(second.store, { type: 'annotation.delete', annotationId: 'a' }));
    const feed = await second.history.activity('d', {}, null, 50);
    const states = await Promise.all(moments.map((at) => second.history.stateAt('d', at)));

    // The same record derived in one run from nothing (a fresh store holding the same rows) reads the same.
    const fresh = open(join(tempDir('glossa-derived-'), 'store.db'));
    const record = (await second.store.history.record('d'))!;
    await fresh.store.createDocument({ id: 'd', title: 'd', sourceBytes: 60, state: record[0]!.update, author: ana });
    for (const row of record.slice(1)) await fresh.store.appendUpdate('d', row.update, null, { author: row.author, source: row.source });
    const freshFeed = await fresh.history.activity('d', {}, null, 50);
    expect(freshFeed!.entries.map((e) => [e.kind, e.text])).toEqual(feed!.entries.map((e) => [e.kind, e.text]));
    expect(feed!.entries.map((e) => e.kind)).toEqual(['deleted', 'resolved', 'labelled', 'highlighted', 'created-document']);
    expect(states.map((s) => s!.annotations.map((a) => [a.labels.join(), a.status]))).toEqual([
      [['claim', 'open']],
      [['evidence', 'open']],
      [['evidence', 'resolved']],
      [],
    ]);
  });

  it('tells typing as one line per run of one person, the run going on across derivations', async () => {
    const { store, history } = open(join(tempDir('glossa-derived-'), 'store.db'));
    const doc = sourceDoc('Typed into.');
    await store.createDocument({ id: 't', title: 't', sourceBytes: 11, state: Y.encodeStateAsUpdate(doc), author: ana });
    const type = async (who: { id: string; name: string }, text: string) => {
      const before = Y.encodeStateVector(doc);
      doc.getText('source').insert(0, text);
      await store.appendUpdate('t', Y.encodeStateAsUpdate(doc, before), null, { author: who, source: null });
    };
    const ben = { id: 'ben', name: 'Ben' };
    const told = async () => (await history.activity('t', {}, null, 50))!.entries.map((e) => `${e.person?.name}: ${e.text}`);
    for (const ch of 'abc') await type(ana, ch);
    expect(await told()).toEqual(['Ana: edited the text (3 characters added)', 'Ana: created the document']);
    // Derived again after more of her typing: the same line goes on.
    for (const ch of 'de') await type(ana, ch);
    expect(await told()).toEqual(['Ana: edited the text (5 characters added)', 'Ana: created the document']);
    await type(ben, 'x');
    await type(ana, 'y');
    expect(await told()).toEqual([
      'Ana: edited the text (1 character added)',
      'Ben: edited the text (1 character added)',
      'Ana: edited the text (5 characters added)',
      'Ana: created the document',
    ]);
  });
});
