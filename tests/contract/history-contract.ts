// The history part of the Store contract: every update is kept with who made it, how and when,
// through compaction and restarts, and a document's record replays into its current state.

import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { RecordedUpdate } from '../../server/storage/history-store.js';
import type { Store } from '../../server/storage/store.js';
import type { StoreOptions, StoreTarget } from './store-contract.js';

let counter = 0;
const newId = (): string => `hist-${Date.now().toString(36)}-${(counter++).toString(36)}`;

const ana = { id: 'ana', name: 'Ana' };
const ben = { id: 'ben', name: 'Ben' };

/** The document a record replays into. */
function replay(record: readonly RecordedUpdate[]): Y.Doc {
  const doc = new Y.Doc();
  for (const row of record) Y.applyUpdate(doc, row.update);
  return doc;
}

function textOf(doc: Y.Doc): string {
  return doc.getText('source').toString();
}

export function historyContract(name: string, target: StoreTarget): void {
  describe(`History contract: ${name}`, () => {
    const opened: Store[] = [];
    const create = async (options?: StoreOptions) => opened[opened.push(await target.create(options)) - 1]!;
    const reopen = async (store: Store, options?: StoreOptions) => opened[opened.push(await target.reopen(store, options)) - 1]!;
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
    });

    /** A document whose text is `text`, created by `author`, and a way to type into it. */
    async function typedDoc(store: Store, text: string) {
      const id = newId();
      const doc = new Y.Doc();
      doc.getText('source').insert(0, text);
      await store.createDocument({ id, title: 't', sourceBytes: text.length, state: Y.encodeStateAsUpdate(doc), author: ana });
      const type = (at: number, more: string): Uint8Array => {
        const before = Y.encodeStateVector(doc);
        doc.getText('source').insert(at, more);
        return Y.encodeStateAsUpdate(doc, before);
      };
      return { id, doc, type };
    }

    it('keeps every update with who made it, how and when, oldest first, from the state the document was created with', async () => {
      const store = await create();
      const a = await typedDoc(store, 'Hello');
      const started = Date.now();
      const first = await store.appendUpdate(a.id, a.type(5, ', world'), null, { author: ben, source: null });
      const second = await store.appendUpdate(a.id, a.type(0, '» '), null, { author: ana, source: 'command' });
      const third = await store.appendUpdate(a.id, a.type(0, '?'));

      const record = (await store.history.record(a.id))!;
      expect(record.map(({ author, source }) => ({ author, source }))).toEqual([
        { author: ana, source: 'created' },
        { author: ben, source: null },
        { author: ana, source: 'command' },
        { author: null, source: null },
      ]);
      expect(record.slice(1).map((r) => r.rowId)).toEqual([first, second, third]);
      expect(record[0]!.rowId).toBeLessThan(first);
      expect(record[1]!.at.getTime()).toBeGreaterThanOrEqual(started - 1000);
      expect(textOf(replay(record))).toBe('?» Hello, world');

      // Paged by row: the rows after one, at most so many.
      expect((await store.history.record(a.id, { afterRowId: first, limit: 1 }))!.map((r) => r.rowId)).toEqual([second]);
      expect(await store.history.record('no-such-document')).toBeNull();
    });

    it('compaction keeps the rows it folds as history, through a restart; loads read only what lies past the snapshot', async () => {
      const store = await create();
      const a = await typedDoc(store, 'abc');
      const ids: number[] = [];
      for (const [i, ch] of ['x', 'y', 'z'].entries()) ids.push(await store.appendUpdate(a.id, a.type(i, ch), null, { author: ben, source: null }));
      await store.compact(a.id, Y.encodeStateAsUpdate(a.doc), ids[1]!);
      const last = await store.appendUpdate(a.id, a.type(0, '!'), null, { author: ana, source: null });

      const restarted = await reopen(store);
      const loaded = (await restarted.loadState(a.id))!;
      expect(loaded.updates).toHaveLength(2);
      const record = (await restarted.history.record(a.id))!;
      expect(record.map((r) => r.rowId).slice(1)).toEqual([...ids, last]);
      expect(textOf(replay(record))).toBe(textOf(a.doc));
      expect(await restarted.documentsWithLog(3)).toEqual([]);
      expect(await restarted.documentsWithLog(2)).toEqual([a.id]);
    });

    it('condenses runs of folded rows into one row each (retention), refusing any that reaches past the snapshot', async () => {
      const store = await create();
      const a = await typedDoc(store, 'base');
      const ids: number[] = [];
      for (const ch of ['1', '2', '3', '4']) ids.push(await store.appendUpdate(a.id, a.type(0, ch), null, { author: ben, source: null }));
      await store.compact(a.id, Y.encodeStateAsUpdate(a.doc), ids[2]!);
      const soon = new Date(Date.now() + 60_000);
      expect(await store.history.documentsWithFoldedBefore(soon)).toEqual([a.id]);
      expect(await store.history.documentsWithFoldedBefore(new Date(0))).toEqual([]);
      const folded = (await store.history.record(a.id, { foldedBefore: soon }))!;
      expect(folded.map((r) => r.rowId).slice(1)).toEqual(ids.slice(0, 3));

      const tooFar = { fromRowId: ids[2]!, toRowId: ids[3]!, update: Y.mergeUpdates([]), at: new Date() };
      await expect(store.history.condense(a.id, [tooFar])).rejects.toThrow(/past its snapshot/);
      const run = { fromRowId: folded[0]!.rowId, toRowId: ids[2]!, update: Y.mergeUpdates(folded.map((r) => r.update)), at: folded.at(-1)!.at };
      await store.history.condense(a.id, [run]);

      const record = (await store.history.record(a.id))!;
      expect(record.map((r) => [r.rowId, r.source, r.author])).toEqual([
        [ids[2], 'condensed', null],
        [ids[3], null, ben],
      ]);
      expect(textOf(replay(record))).toBe(textOf(a.doc));
      // What a load reads is untouched.
      expect((await store.loadState(a.id))!.updates).toHaveLength(1);
      expect(await store.history.documentsWithFoldedBefore(soon)).toEqual([]);
    });

    it('stores what is derived from the record, only on top of what it was derived after, and reads it back', async () => {
      const store = await create();
      const a = await typedDoc(store, 'derived');
      const line = (changeId: number, seq: number, kind: 'labelled' | 'commented', person: typeof ana) => ({
        changeId,
        seq,
        at: new Date(1_700_000_000_000 + changeId * 1000).toISOString(),
        person,
        via: 'command' as const,
        kind,
        annotationId: 'x',
        text: `${kind} ${changeId}.${seq}`,
      });
      const bytes = (n: number) => new Uint8Array([n, n + 1, n + 2]);
      const at = (changeId: number) => new Date(1_700_000_000_000 + changeId * 1000);
      expect(await store.history.derivedProgress(a.id)).toBeNull();
      const first = {
        throughRowId: 3,
        sinceCheckpoint: 2,
        replacesChange: null,
        entries: [line(1, 0, 'labelled', ana), line(2, 0, 'labelled', ben), line(2, 1, 'commented', ben), line(3, 0, 'commented', ana)],
        checkpoints: [{ afterChangeId: 0, at: at(0), state: bytes(0) }],
        effects: [{ firstChangeId: 1, lastChangeId: 3, firstAt: at(1), lastAt: at(3), data: bytes(1) }],
      };
      expect(await store.history.saveDerived(a.id, 5, first)).toBe(false);
      expect(await store.history.saveDerived(a.id, null, first)).toBe(true);
      expect(await store.history.saveDerived(a.id, null, first)).toBe(false);
      const second = {
        throughRowId: 6,
        sinceCheckpoint: 0,
        // Change 5's line goes on from change 3's (a run of typing): 3's is replaced.
        replacesChange: 3,
        entries: [line(5, 0, 'labelled', ana)],
        checkpoints: [{ afterChangeId: 5, at: at(5), state: bytes(5) }],
        effects: [{ firstChangeId: 5, lastChangeId: 5, firstAt: at(5), lastAt: at(5), data: bytes(6) }],
      };
      expect(await store.history.saveDerived(a.id, 3, second)).toBe(true);
      expect(await store.history.derivedProgress(a.id)).toEqual({ throughRowId: 6, sinceCheckpoint: 0 });

      const texts = (page: { entries: { text: string }[] }) => page.entries.map((e) => e.text);
      const all = await store.history.activity(a.id, {}, null, 50);
      expect(texts(all)).toEqual(['labelled 5.0', 'labelled 2.0', 'commented 2.1', 'labelled 1.0']);
      expect(all.next).toBeNull();
      expect(all.entries[0]).toEqual({
        changeId: 5,
        at: at(5).toISOString(),
        person: ana,
        via: 'command',
        kind: 'labelled',
        annotationId: 'x',
        text: 'labelled 5.0',
      });
      // Pages of about `limit` lines, a change never split; filters by person and kind.
      const page = await store.history.activity(a.id, {}, null, 3);
      expect(texts(page)).toEqual(['labelled 5.0', 'labelled 2.0', 'commented 2.1']);
      expect(texts(await store.history.activity(a.id, {}, page.next, 3))).toEqual(['labelled 1.0']);
      expect(texts(await store.history.activity(a.id, { person: 'ben' }, null, 50))).toEqual(['labelled 2.0', 'commented 2.1']);
      expect(texts(await store.history.activity(a.id, { kind: 'commented' }, null, 50))).toEqual(['commented 2.1']);

      expect(await store.history.checkpointAt(a.id, at(4))).toEqual({ afterChangeId: 0, state: expect.anything() });
      expect(Array.from((await store.history.checkpointAt(a.id, at(9)))!.state)).toEqual([5, 6, 7]);
      expect(Array.from((await store.history.checkpointAt(a.id, new Date(0)))!.state)).toEqual([0, 1, 2]);
      expect((await store.history.effectsAfter(a.id, 0, at(4))).map((e) => Array.from(e))).toEqual([[1, 2, 3]]);
      expect((await store.history.effectsAfter(a.id, 0, at(9))).map((e) => Array.from(e))).toEqual([
        [1, 2, 3],
        [6, 7, 8],
      ]);
      expect((await store.history.effectsAfter(a.id, 5, at(9))).map((e) => Array.from(e))).toEqual([]);

      // Deleting the document deletes what was derived with it.
      await store.deleteDocument(a.id);
      expect(await store.history.derivedProgress(a.id)).toBeNull();
      expect((await store.history.activity(a.id, {}, null, 50)).entries).toEqual([]);
    });

    it('a history begins at the snapshot for a document compacted while history was off, and is deleted with its document', async () => {
      const off = await create({ keepHistory: false });
      const a = await typedDoc(off, 'one');
      const rowId = await off.appendUpdate(a.id, a.type(3, ' two'), null, { author: ben, source: null });
      await off.compact(a.id, Y.encodeStateAsUpdate(a.doc), rowId);
      expect(await off.history.record(a.id)).toEqual([]);
      await off.close();

      const on = await reopen(off, { keepHistory: true });
      const later = await on.appendUpdate(a.id, a.type(0, 'zero '), null, { author: ana, source: null });
      const record = (await on.history.record(a.id))!;
      expect(record.map((r) => r.author)).toEqual([null, ana]);
      expect(record[1]!.rowId).toBe(later);
      expect(textOf(replay(record))).toBe('zero one two');
      // Opening again finds the beginning there and adds none.
      expect(await (await reopen(on)).history.record(a.id)).toHaveLength(2);

      expect(await on.deleteDocument(a.id)).toBe(true);
      expect(await on.history.record(a.id)).toBeNull();
    });
  });
}
