// The Store contract: behaviour every implementation (SQLite, PostgreSQL) must share.
// storeContract() registers vitest tests against a target that opens stores on fresh databases.

import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocumentGoneError, type Store, type StoredState } from '../../server/storage/store.js';

export interface StoreTarget {
  /** Opens a store on a new, empty database. */
  create(options?: StoreOptions): Promise<Store>;
  /** Opens another store on the same database as `store` (a restart, or a second instance). */
  reopen(store: Store, options?: StoreOptions): Promise<Store>;
}

/** What both stores take as options, for the contract. */
export interface StoreOptions {
  keepHistory?: boolean;
}

let counter = 0;
const newId = (): string => `doc-${Date.now().toString(36)}-${(counter++).toString(36)}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A Y.Doc with some text, and a way to make edits that each yield one update. */
function editableDoc(text = 'Hello, contract.') {
  const doc = new Y.Doc();
  doc.getText('source').insert(0, text);
  const initial = Y.encodeStateAsUpdate(doc);
  const edit = (i: number): Uint8Array => {
    let captured: Uint8Array | null = null;
    const capture = (u: Uint8Array) => (captured = u);
    doc.on('update', capture);
    doc.transact(() => {
      doc.getMap('labels').set(`label-${i % 5}`, { name: `Label ${i}`, n: i });
      const source = doc.getText('source');
      if (i % 3 === 0) source.insert(i % source.length, `<${i}>`);
      else if (i % 3 === 1) source.delete(0, 1);
      else source.format(0, 2, { bold: i % 2 === 0 });
    });
    doc.off('update', capture);
    return captured!;
  };
  return { doc, initial, edit };
}

/** Ids a document's appends returned, in the order they were made: each higher than the one before. */
function expectIncreasing(ids: readonly number[]): void {
  for (const id of ids) expect(Number.isSafeInteger(id)).toBe(true);
  expect(ids).toEqual([...new Set(ids)].sort((x, y) => x - y));
}

function docFrom(stored: StoredState): Y.Doc {
  const doc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  for (const update of stored.updates) Y.applyUpdate(doc, update);
  return doc;
}

function expectSameContent(actual: Y.Doc, expected: Y.Doc): void {
  expect(actual.getText('source').toDelta()).toEqual(expected.getText('source').toDelta());
  expect(actual.getMap('labels').toJSON()).toEqual(expected.getMap('labels').toJSON());
  expect(Y.encodeStateVector(actual)).toEqual(Y.encodeStateVector(expected));
}

const bytes = (u: Uint8Array | null | undefined) => (u ? Array.from(u) : u);

export function storeContract(name: string, target: StoreTarget): void {
  describe(`Store contract: ${name}`, () => {
    const opened: Store[] = [];
    const create = async (options?: StoreOptions) => {
      const store = await target.create(options);
      opened.push(store);
      return store;
    };
    const reopen = async (store: Store, options?: StoreOptions) => {
      const again = await target.reopen(store, options);
      opened.push(again);
      return again;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
    });

    async function createDoc(store: Store, title = 'A title', text?: string) {
      const id = newId();
      const y = editableDoc(text);
      const record = await store.createDocument({ id, title, sourceBytes: 17, state: y.initial });
      return { id, record, ...y };
    }

    it("keeps a snapshot's state vector with it, from creation and from each compaction", async () => {
      const store = await create();
      const id = newId();
      const y = editableDoc();
      const initialVector = Y.encodeStateVectorFromUpdate(y.initial);
      await store.createDocument({ id, title: 'v', sourceBytes: 1, state: y.initial, stateVector: initialVector });
      expect(bytes((await store.loadState(id))!.snapshotVector)).toEqual(bytes(initialVector));

      const doc = docFrom((await store.loadState(id))!);
      doc.getText('source').insert(0, 'more ');
      const rowId = await store.appendUpdate(id, Y.encodeStateAsUpdate(doc));
      const vector = Y.encodeStateVector(doc);
      await store.compact(id, Y.encodeStateAsUpdate(doc), rowId, vector);
      const reopened = await reopen(store);
      expect(bytes((await reopened.loadState(id))!.snapshotVector)).toEqual(bytes(vector));

      // A compaction without one (an older caller) leaves none rather than a stale one.
      await reopened.compact(id, Y.encodeStateAsUpdate(doc), rowId);
      expect((await reopened.loadState(id))!.snapshotVector).toBeNull();

      // The floor (the snapshot's deletions) is kept with the vector, and never without it.
      const floor = Y.diffUpdate(Y.encodeStateAsUpdate(doc), vector);
      await reopened.compact(id, Y.encodeStateAsUpdate(doc), rowId, vector, floor);
      expect(bytes((await reopened.loadState(id))!.snapshotFloor)).toEqual(bytes(floor));
      await reopened.compact(id, Y.encodeStateAsUpdate(doc), rowId, undefined, floor);
      expect((await reopened.loadState(id))!.snapshotFloor ?? null).toBeNull();
      await reopened.compact(id, Y.encodeStateAsUpdate(doc), rowId, vector);
      expect((await reopened.loadState(id))!.snapshotFloor ?? null).toBeNull();
    });

    it('ping resolves while open and rejects after close; close twice is fine', async () => {
      const store = await create();
      await expect(store.ping()).resolves.toBeUndefined();
      await store.close();
      await expect(store.ping()).rejects.toThrow();
      await store.close();
    });

    it('creates, gets and lists documents', async () => {
      const store = await create();
      expect(await store.listDocuments()).toEqual([]);
      const a = await createDoc(store, 'First');
      expect(a.record).toMatchObject({ id: a.id, title: 'First', sourceBytes: 17, annotationCount: 0 });
      expect(a.record.createdAt).toBeInstanceOf(Date);
      expect(a.record.updatedAt.getTime()).toBe(a.record.createdAt.getTime());
      expect(await store.getDocument(a.id)).toEqual(a.record);
      expect(await store.getDocument('no-such-document')).toBeNull();
      expect(await store.loadState('no-such-document')).toBeNull();

      await sleep(5);
      const b = await createDoc(store, 'Second');
      // Newest activity first.
      expect((await store.listDocuments()).map((d) => d.id)).toEqual([b.id, a.id]);
      await sleep(5);
      await store.appendUpdate(a.id, a.edit(1));
      const listed = await store.listDocuments();
      expect(listed.map((d) => d.id)).toEqual([a.id, b.id]);
      expect(listed[0]!.updatedAt.getTime()).toBeGreaterThan(a.record.updatedAt.getTime());
      expect(listed[0]!.createdAt.getTime()).toBe(a.record.createdAt.getTime());
    });

    it('keeps each version of a text: the first with the document, then in turn, newest first, gone with the document', async () => {
      const store = await create();
      const id = newId();
      await store.createDocument({ id, title: 'Report', sourceBytes: 17, state: editableDoc().initial, author: { id: 'u-ana', name: 'Ana' } });
      expect(await store.revisions.list(id)).toEqual([
        { number: 1, createdAt: expect.any(Date), author: { id: 'u-ana', name: 'Ana' }, sourceBytes: 17, inserted: 0, deleted: 0, annotations: null },
      ]);
      const annotations = { intact: 3, edited: 1, detached: 1 };
      const second = await store.revisions.record(id, { author: { id: 'u-ben', name: 'Ben' }, sourceBytes: 30, inserted: 20, deleted: 7, annotations });
      expect(second).toMatchObject({ number: 2, author: { id: 'u-ben', name: 'Ben' }, sourceBytes: 30, inserted: 20, deleted: 7, annotations });
      // Two at once (two instances, two people) are numbered in turn, none lost.
      const [third, fourth] = await Promise.all([
        store.revisions.record(id, { author: null, sourceBytes: 31, inserted: 1, deleted: 0, annotations }),
        store.revisions.record(id, { author: null, sourceBytes: 32, inserted: 1, deleted: 0, annotations }),
      ]);
      expect([third!.number, fourth!.number].sort()).toEqual([3, 4]);
      expect((await store.revisions.list(id)).map((r) => r.number)).toEqual([4, 3, 2, 1]);
      // The document's size is its newest version's.
      expect((await store.getDocument(id))!.sourceBytes).toBe(fourth!.sourceBytes);
      expect(await store.revisions.record('no-such-document', { author: null, sourceBytes: 1, inserted: 1, deleted: 0, annotations })).toBeNull();

      await store.deleteDocument(id);
      expect(await store.revisions.list(id)).toEqual([]);
    });

    it('refuses a second document with the same id and keeps the first intact', async () => {
      const store = await create();
      const a = await createDoc(store, 'Original');
      await expect(store.createDocument({ id: a.id, title: 'Impostor', sourceBytes: 1, state: new Uint8Array([0, 0]) })).rejects.toThrow();
      expect((await store.getDocument(a.id))?.title).toBe('Original');
      expect(bytes((await store.loadState(a.id))?.snapshot)).toEqual(bytes(a.initial));
    });

    it('a new document loads as its initial snapshot with an empty log', async () => {
      const store = await create();
      const a = await createDoc(store);
      const stored = await store.loadState(a.id);
      expect(stored).not.toBeNull();
      expect(bytes(stored!.snapshot)).toEqual(bytes(a.initial));
      expect(stored!.updates).toEqual([]);
      // The row the snapshot stands for: the history's first.
      expect(stored!.lastUpdateId).toBe((await store.history.record(a.id))![0]!.rowId);
      expect(stored!.logBytes).toBe(0);
    });

    it('loadState returns the log in id order with lastUpdateId and logBytes', async () => {
      const store = await create();
      const a = await createDoc(store);
      const other = await createDoc(store);
      const updates: Uint8Array[] = [];
      const ids: number[] = [];
      for (let i = 0; i < 8; i++) {
        const update = a.edit(i);
        updates.push(update);
        ids.push(await store.appendUpdate(a.id, update));
        await store.appendUpdate(other.id, other.edit(i)); // interleaved rows of another document
      }
      expectIncreasing(ids);

      const stored = (await store.loadState(a.id))!;
      expect(stored.updates.map(bytes)).toEqual(updates.map(bytes));
      expect(stored.lastUpdateId).toBe(ids.at(-1));
      expect(stored.logBytes).toBe(updates.reduce((sum, u) => sum + u.byteLength, 0));
      expectSameContent(docFrom(stored), a.doc);
    });

    it('keeps the reach an update was appended with, row for row, and none where none was given', async () => {
      const store = await create();
      const a = await createDoc(store);
      const backing = new Uint8Array(40).map((_, i) => 255 - i);
      const reaches = [new Uint8Array([1, 200, 3, 9]), null, backing.subarray(5, 17)];
      for (const [i, reach] of reaches.entries()) await store.appendUpdate(a.id, a.edit(i), reach);
      await store.compact(a.id, a.edit(3), (await store.loadState(a.id))!.lastUpdateId - 2);
      await store.appendUpdate(a.id, a.edit(4));
      const stored = (await store.loadState(a.id))!;
      // What compaction left (the last two rows), then the new row without one.
      expect(stored.reaches?.map((reach) => reach && bytes(reach))).toEqual([null, bytes(reaches[2]), null]);
    });

    it('stores bytes exactly, including views into a larger buffer', async () => {
      const store = await create();
      const a = await createDoc(store);
      const backing = new Uint8Array(300);
      for (let i = 0; i < backing.length; i++) backing[i] = (i * 7 + 3) % 256;
      const view = backing.subarray(20, 276); // every byte value, offset into the buffer
      await store.appendUpdate(a.id, view);
      const stored = (await store.loadState(a.id))!;
      expect(stored.updates).toHaveLength(1);
      expect(stored.updates[0]).toBeInstanceOf(Uint8Array);
      expect(bytes(stored.updates[0])).toEqual(bytes(view));
      expect(stored.logBytes).toBe(256);
    });

    it('concurrent appends get distinct ids and load in id order', async () => {
      const store = await create();
      const a = await createDoc(store);
      const payloads = Array.from({ length: 25 }, (_, i) => new Uint8Array([i, i + 1, i + 2]));
      const ids = await Promise.all(payloads.map((p) => store.appendUpdate(a.id, p)));
      expect(new Set(ids).size).toBe(25);
      const byId = payloads.map((p, i) => ({ id: ids[i]!, p })).sort((x, y) => x.id - y.id);
      const stored = (await store.loadState(a.id))!;
      expect(stored.updates.map(bytes)).toEqual(byId.map((x) => bytes(x.p)));
      expect(stored.lastUpdateId).toBe(Math.max(...ids));
    });

    it('appendUpdate to a deleted or unknown document throws DocumentGoneError', async () => {
      const store = await create();
      const a = await createDoc(store);
      await store.appendUpdate(a.id, a.edit(0));
      expect(await store.deleteDocument(a.id)).toBe(true);
      const error = await store.appendUpdate(a.id, a.edit(1)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DocumentGoneError);
      expect((error as DocumentGoneError).documentId).toBe(a.id);
      await expect(store.appendUpdate('never-existed', new Uint8Array([1]))).rejects.toBeInstanceOf(DocumentGoneError);
    });

    it('deleteDocument removes the snapshot and the log with it', async () => {
      const store = await create();
      const a = await createDoc(store);
      const keep = await createDoc(store);
      for (let i = 0; i < 3; i++) await store.appendUpdate(a.id, a.edit(i));
      await store.appendUpdate(keep.id, keep.edit(0));

      expect(await store.deleteDocument(a.id)).toBe(true);
      expect(await store.deleteDocument(a.id)).toBe(false);
      expect(await store.getDocument(a.id)).toBeNull();
      expect(await store.loadState(a.id)).toBeNull();
      expect(await store.documentsWithLog(1)).toEqual([keep.id]);
      expect((await store.listDocuments()).map((d) => d.id)).toEqual([keep.id]);

      // A document created again under the same id starts clean: nothing of the old one survived.
      const fresh = editableDoc('Reborn');
      await store.createDocument({ id: a.id, title: 'Again', sourceBytes: 6, state: fresh.initial });
      const stored = (await store.loadState(a.id))!;
      expect(bytes(stored.snapshot)).toEqual(bytes(fresh.initial));
      expect(stored.updates).toEqual([]);
      expect(await store.history.record(a.id)).toHaveLength(1);
      expect((await store.loadState(keep.id))!.updates).toHaveLength(1);
    });

    it('compact replaces the snapshot, which then stands for rows <= upTo; later rows load after it, the same document', async () => {
      const store = await create();
      const a = await createDoc(store);
      const updates: Uint8Array[] = [];
      const ids: number[] = [];
      for (let i = 0; i < 10; i++) {
        updates.push(a.edit(i));
        ids.push(await store.appendUpdate(a.id, updates.at(-1)!));
      }
      const before = (await store.loadState(a.id))!;

      // Fold the first six rows into a snapshot, the way a room does.
      const partial = new Y.Doc();
      Y.applyUpdate(partial, before.snapshot!);
      for (const u of before.updates.slice(0, 6)) Y.applyUpdate(partial, u);
      const snapshot = Y.encodeStateAsUpdate(partial);
      await store.compact(a.id, snapshot, ids[5]!);

      const after = (await store.loadState(a.id))!;
      expect(bytes(after.snapshot)).toEqual(bytes(snapshot));
      expect(after.updates.map(bytes)).toEqual(updates.slice(6).map(bytes));
      expect(after.lastUpdateId).toBe(ids[9]);
      expect(after.logBytes).toBe(updates.slice(6).reduce((s, u) => s + u.byteLength, 0));
      expectSameContent(docFrom(after), a.doc);
      expectSameContent(docFrom(after), docFrom(before));
      expect(await store.documentsWithLog(1)).toEqual([a.id]);

      // Everything folded: the log is empty and lastUpdateId comes from the snapshot.
      const all = Y.encodeStateAsUpdate(docFrom(after));
      await store.compact(a.id, all, ids[9]!);
      const folded = (await store.loadState(a.id))!;
      expect(folded.updates).toEqual([]);
      expect(folded.logBytes).toBe(0);
      expect(folded.lastUpdateId).toBe(ids[9]);
      expectSameContent(docFrom(folded), a.doc);
      expect(await store.documentsWithLog(1)).toEqual([]);

      // Rows appended after a compaction load after the snapshot.
      const later = a.edit(99);
      const laterId = await store.appendUpdate(a.id, later);
      const again = (await store.loadState(a.id))!;
      expect(again.updates.map(bytes)).toEqual([bytes(later)]);
      expect(again.lastUpdateId).toBe(laterId);
      expectSameContent(docFrom(again), a.doc);
    });

    it('compact touches only its own document', async () => {
      const store = await create();
      const a = await createDoc(store);
      const b = await createDoc(store);
      const aIds: number[] = [];
      for (let i = 0; i < 3; i++) {
        aIds.push(await store.appendUpdate(a.id, a.edit(i)));
        await store.appendUpdate(b.id, b.edit(i));
      }
      await store.compact(a.id, Y.encodeStateAsUpdate(a.doc), aIds[2]!);
      expect((await store.loadState(a.id))!.updates).toHaveLength(0);
      const bStored = (await store.loadState(b.id))!;
      expect(bStored.updates).toHaveLength(3);
      expect(bytes(bStored.snapshot)).toEqual(bytes(b.initial));
      expectSameContent(docFrom(bStored), b.doc);
    });

    it('update ids keep increasing within a document, even after compaction deleted the newest rows and a restart', async () => {
      const store = await create({ keepHistory: false });
      const a = await createDoc(store);
      const ids: number[] = [];
      for (let i = 0; i < 3; i++) ids.push(await store.appendUpdate(a.id, a.edit(i)));
      expectIncreasing(ids);
      await store.compact(a.id, Y.encodeStateAsUpdate(a.doc), ids[2]!);
      const next = await store.appendUpdate(a.id, a.edit(3));
      expect(next).toBeGreaterThan(ids[2]!);

      await store.compact(a.id, Y.encodeStateAsUpdate(a.doc), next);
      await store.close();
      const restarted = await reopen(store, { keepHistory: false });
      expect((await restarted.loadState(a.id))!.lastUpdateId).toBe(next);
      const latest = a.edit(4);
      const afterRestart = await restarted.appendUpdate(a.id, latest);
      expect(afterRestart).toBeGreaterThan(next);
      // The row after the snapshot is loaded, and only it.
      const stored = (await restarted.loadState(a.id))!;
      expect(stored.updates.map(bytes)).toEqual([bytes(latest)]);
      expect(stored.lastUpdateId).toBe(afterRestart);
    });

    it('a compaction keeps when the document last changed', async () => {
      const store = await create();
      const a = await createDoc(store);
      await sleep(5);
      const b = await createDoc(store);
      await sleep(5);
      const id = await store.appendUpdate(a.id, a.edit(0));
      const edited = (await store.getDocument(a.id))!.updatedAt.getTime();
      expect(edited).toBeGreaterThan(b.record.updatedAt.getTime());
      await store.compact(a.id, Y.encodeStateAsUpdate(a.doc), id);
      expect((await store.loadState(a.id))!.updates).toEqual([]);
      expect((await store.getDocument(a.id))!.updatedAt.getTime()).toBe(edited);
      expect((await store.listDocuments()).map((d) => d.id)).toEqual([a.id, b.id]);
    });

    it('documentsWithLog lists documents with at least minRows log rows', async () => {
      const store = await create();
      const three = await createDoc(store);
      const one = await createDoc(store);
      await createDoc(store); // none
      for (let i = 0; i < 3; i++) await store.appendUpdate(three.id, three.edit(i));
      await store.appendUpdate(one.id, one.edit(0));
      expect((await store.documentsWithLog(1)).sort()).toEqual([three.id, one.id].sort());
      expect(await store.documentsWithLog(2)).toEqual([three.id]);
      expect(await store.documentsWithLog(3)).toEqual([three.id]);
      expect(await store.documentsWithLog(4)).toEqual([]);
    });

    it('setAnnotationCount is seen by getDocument and listDocuments', async () => {
      const store = await create();
      const a = await createDoc(store);
      await store.setAnnotationCount(a.id, 7);
      expect((await store.getDocument(a.id))?.annotationCount).toBe(7);
      await store.setAnnotationCount(a.id, 2);
      expect((await store.listDocuments())[0]?.annotationCount).toBe(2);
      await expect(store.setAnnotationCount('no-such-document', 3)).resolves.toBeUndefined();
    });

    it('setSummary records the count and the activity; a new document starts with none', async () => {
      const store = await create();
      const a = await createDoc(store);
      expect(a.record.activity).toEqual({ openThreads: 0, resolvedThreads: 0, lastActivityAt: null, recentPeople: [] });
      const activity = {
        openThreads: 2,
        resolvedThreads: 1,
        lastActivityAt: '2026-11-28T12:05:00.000Z',
        recentPeople: [{ id: 'u-ana', name: 'Ana “Ž” 🧾', color: '#c2255c' }],
      };
      await store.setSummary(a.id, { annotationCount: 3, ...activity });
      expect(await store.getDocument(a.id)).toMatchObject({ annotationCount: 3, activity });
      expect((await store.listDocuments())[0]).toMatchObject({ annotationCount: 3, activity });
      expect(await store.documentsWithoutActivity()).toEqual([]);
      await expect(store.setSummary('no-such-document', { annotationCount: 1, ...activity })).resolves.toBeUndefined();
    });

    it('renameDocument changes the title only; null for an unknown document', async () => {
      const store = await create();
      const a = await createDoc(store, 'Old title');
      await store.setAnnotationCount(a.id, 4);
      const renamed = await store.renameDocument(a.id, 'New “title” ✓');
      expect(renamed).toEqual({ ...(await store.getDocument(a.id)), title: 'New “title” ✓' });
      expect(renamed).toMatchObject({ id: a.id, annotationCount: 4, createdAt: a.record.createdAt });
      expect((await store.listDocuments()).map((d) => d.title)).toEqual(['New “title” ✓']);
      expect(await store.renameDocument('no-such-document', 'x')).toBeNull();
    });

    it('settings: unknown is null, set inserts, set again replaces', async () => {
      const store = await create();
      expect(await store.getSetting('sample-seeded')).toBeNull();
      await store.setSetting('sample-seeded', 'yes');
      expect(await store.getSetting('sample-seeded')).toBe('yes');
      await store.setSetting('sample-seeded', 'still yes ✓');
      expect(await store.getSetting('sample-seeded')).toBe('still yes ✓');
      await store.setSetting('other', '');
      expect(await store.getSetting('other')).toBe('');
      expect(await store.getSetting('sample-seeded')).toBe('still yes ✓');
    });

    it('opening the same database again runs no migration twice and keeps everything', async () => {
      const store = await create();
      const a = await createDoc(store);
      const id = await store.appendUpdate(a.id, a.edit(0));
      await store.setSetting('k', 'v');

      const second = await reopen(store); // while the first is still open: a second instance
      expect(await second.getDocument(a.id)).toEqual(await store.getDocument(a.id));
      expect(await second.getSetting('k')).toBe('v');
      await store.close();
      const third = await reopen(second);
      const stored = (await third.loadState(a.id))!;
      expect(stored.lastUpdateId).toBe(id);
      expectSameContent(docFrom(stored), a.doc);
    });

    it('two instances appending to one document never reuse an id, and see it deleted by the other', async () => {
      const store = await create();
      const a = await createDoc(store);
      const second = await reopen(store);
      const ids: number[] = [];
      const written: Uint8Array[] = [];
      // They take turns: after its first append, each expects a next id the other has just taken.
      for (let i = 0; i < 6; i++) {
        const update = a.edit(i);
        written.push(update);
        ids.push(await (i % 2 === 0 ? store : second).appendUpdate(a.id, update));
      }
      expectIncreasing(ids);
      const stored = (await store.loadState(a.id))!;
      expect(stored.updates.map(bytes)).toEqual(written.map(bytes));
      expect(stored.lastUpdateId).toBe(ids.at(-1));

      expect(await second.deleteDocument(a.id)).toBe(true);
      await expect(store.appendUpdate(a.id, a.edit(6))).rejects.toBeInstanceOf(DocumentGoneError);
    });
  });
}
