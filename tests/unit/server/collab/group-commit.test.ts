// What one event-loop turn's updates become in the store and in the relay: one row per person who
// made them (and way they came), the merge of theirs, whether or not each came with what it decodes to.

import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import * as Y from 'yjs';
import { WriteHealth } from '../../../../server/storage/write-health.js';
import { GroupCommit, type DurableBatch, type KnownUpdate } from '../../../../server/collab/group-commit.js';
import { rangesOf } from '../../../../server/collab/merge/vector-tracking.js';
import { SqliteStore } from '../../../../server/storage/sqlite/sqlite-store.js';
import { tempDir } from '../../../support/temp-dir.js';
import { OnBehalfOf } from '../../../../server/collab/change-author.js';

const dir = tempDir('glossa-group-commit-');
let files = 0;
let store: SqliteStore | null = null;

afterEach(async () => {
  await store?.close();
  store = null;
});

/** One annotation from each of `writers` clients, and a second from the first of them. */
function turnOfEdits(writers: number): Uint8Array[] {
  const docs = Array.from({ length: writers }, () => new Y.Doc());
  const updates = docs.map((doc, i) => {
    doc.getMap('annotations').set(`a${i}`, { quote: `passage ${i}`, labels: ['claim'] });
    return Y.encodeStateAsUpdate(doc);
  });
  const before = Y.encodeStateVector(docs[0]!);
  docs[0]!.getMap('annotations').set('again', { quote: 'a second one' });
  updates.push(Y.encodeStateAsUpdate(docs[0]!, before));
  return updates;
}

async function commitOneTurn(updates: Uint8Array[], withDecoded: (i: number) => boolean, originOf: (i: number) => unknown = (i) => `writer ${i}`) {
  store = new SqliteStore(join(dir, `log-${files++}.db`));
  await store.createDocument({ id: 'doc', title: 'doc', sourceBytes: 0, state: Y.encodeStateAsUpdate(new Y.Doc()) });
  const relayed: DurableBatch[] = [];
  const commit = new GroupCommit(
    'doc',
    store,
    {
      onDurable: (batch) => relayed.push(batch),
      onAcknowledge: () => undefined,
      onDocumentGone: () => undefined,
      stateVector: () => new Uint8Array([0]),
      onStoreFailing: () => undefined,
      onStoreRecovered: () => undefined,
    },
    pino({ level: 'silent' }),
    new WriteHealth(pino({ level: 'silent' })),
  );
  updates.forEach((update, i) => commit.add(update, originOf(i), withDecoded(i) ? known(update) : undefined));
  await commit.whenDurable();
  return { relayed, stored: (await store.loadState('doc'))!.updates, record: (await store.history.record('doc'))!.slice(1) };
}

/** What a room hands over with an update it decoded. */
function known(update: Uint8Array): KnownUpdate {
  const decoded = Y.decodeUpdate(update);
  return { decoded, ranges: rangesOf(decoded.structs) };
}

describe('GroupCommit', () => {
  it('stores and relays a turn of several writers as one row holding the merge of them all', async () => {
    const updates = turnOfEdits(5);
    const { relayed, stored } = await commitOneTurn(updates, () => true);
    expect(stored).toHaveLength(1);
    expect(new Uint8Array(stored[0]!)).toEqual(Y.mergeUpdates(updates));
    expect(relayed).toHaveLength(1);
    expect(relayed[0]!.update).toEqual(Y.mergeUpdates(updates));
    expect(relayed[0]!.origins.size).toBe(updates.length);
  });

  it('stores the same row when some updates came without what they decode to', async () => {
    const updates = turnOfEdits(5);
    const { stored } = await commitOneTurn(updates, (i) => i !== 2);
    expect(stored).toHaveLength(1);
    expect(new Uint8Array(stored[0]!)).toEqual(Y.mergeUpdates(updates));
  });

  it('stores a turn longer than it keeps decoded structs for (edits piled up behind a failing store) as one merged row', async () => {
    const updates = turnOfEdits(700);
    const { stored } = await commitOneTurn(updates, () => true);
    expect(stored).toHaveLength(1);
    expect(new Uint8Array(stored[0]!)).toEqual(Y.mergeUpdates(updates));
  });

  it('stores a turn the structs cannot simply be laid end to end for (a writer out of order) as Yjs merges it', async () => {
    const updates = turnOfEdits(3);
    const reordered = [updates[3]!, ...updates.slice(0, 3)];
    const { stored } = await commitOneTurn(reordered, () => true);
    expect(new Uint8Array(stored[0]!)).toEqual(Y.mergeUpdates(reordered));
    const doc = new Y.Doc();
    Y.applyUpdate(doc, stored[0]!);
    expect([...doc.getMap('annotations').keys()].sort()).toEqual(['a0', 'a1', 'a2', 'again']);
  });

  it('stores a turn of several people as one row each, under their names and the way each change came, relayed as each is stored', async () => {
    const ana = { id: 'ana', name: 'Ana' };
    const ben = { id: 'ben', name: 'Ben' };
    // Ana's socket, Ben's socket, a command Ana made, Ben's socket again, and an origin naming nobody.
    const origins = [{ author: ana }, { author: ben }, new OnBehalfOf(ana, 'command'), { author: ben }, 'nobody'];
    const updates = turnOfEdits(4);
    const { relayed, record } = await commitOneTurn(
      updates,
      (i) => i !== 1,
      (i) => origins[i],
    );
    expect(record.map(({ author, source }) => ({ author, source }))).toEqual([
      { author: ana, source: null },
      { author: ben, source: null },
      { author: ana, source: 'command' },
      { author: null, source: null },
    ]);
    expect(new Uint8Array(record[1]!.update)).toEqual(Y.mergeUpdates([updates[1]!, updates[3]!]));
    expect(relayed.map((batch) => batch.update)).toEqual(record.map((row) => new Uint8Array(row.update)));
    expect(relayed.map((batch) => batch.rowId)).toEqual(record.map((row) => row.rowId));
    expect(relayed[1]!.origins).toEqual(new Set([origins[1], origins[3]]));
    const doc = new Y.Doc();
    for (const row of record) Y.applyUpdate(doc, row.update);
    expect([...doc.getMap('annotations').keys()].sort()).toEqual(['a0', 'a1', 'a2', 'a3', 'again']);
  });
});
