// A room serves readers from the stored bytes and builds its Y.Doc only when the content is
// needed. Whatever path a client takes in, it must end up with exactly the stored document, and
// the first change after a dormant spell must reach everyone and be stored.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { tempDir } from '../support/temp-dir.js';
import type { RunningServer } from '../../server/server.js';
import { createDocument, spawnServer, startTestServer } from '../support/test-server.js';
import { connectClient, whenDoc, whenSynced, whenText } from '../support/yjs-clients.js';

const text = 'A report that people mostly read.';

/** A document with a stored log: written, then the room unloaded (compacted). */
async function storedDocument(url: string): Promise<{ id: string; expected: Uint8Array }> {
  const id = await createDocument(url, text);
  const writer = connectClient(url, id);
  await whenSynced(writer);
  writer.text.insert(writer.text.length, ' Edited once.');
  writer.doc.getMap('annotations').set('a1', 'kept');
  const check = connectClient(url, id);
  await whenDoc(check.doc, (d) => d.getMap('annotations').get('a1') === 'kept');
  const expected = Y.encodeStateAsUpdate(check.doc);
  writer.destroy();
  check.destroy();
  return { id, expected };
}

/** A stored document whose log was left uncompacted by a SIGKILL, and a fresh server over it. */
async function afterCrash(): Promise<{ server: RunningServer; id: string; expected: Uint8Array }> {
  const db = join(tempDir(), 'glossa.db');
  const crashed = await spawnServer({ DATABASE_URL: db });
  const { id, expected } = await storedDocument(crashed.url);
  await crashed.kill('SIGKILL');
  const server = await startTestServer({ DATABASE_URL: db, ROOM_IDLE_MS: '0' });
  expect((await server.store.loadState(id))!.updates.length).toBeGreaterThan(0);
  return { server, id, expected };
}

function sameContent(doc: Y.Doc, expected: Uint8Array): void {
  const want = new Y.Doc();
  Y.applyUpdate(want, expected);
  expect(doc.getText('source').toString()).toBe(want.getText('source').toString());
  expect(doc.getMap('annotations').toJSON()).toEqual(want.getMap('annotations').toJSON());
  expect(doc.getMap('labels').toJSON()).toEqual(want.getMap('labels').toJSON());
}

async function whenUnloaded(server: RunningServer, id: string): Promise<void> {
  await expect.poll(() => server.rooms.isOpen(id)).toBe(false);
  await server.rooms.whenUnloaded(id);
}

describe('dormant rooms', () => {
  it('readers arriving at load, later with nothing, and later with part of the document all get exactly the stored document', async () => {
    const { server, id, expected } = await afterCrash();

    const first = connectClient(server.url, id);
    await whenSynced(first);
    sameContent(first.doc, expected);
    const late = connectClient(server.url, id);
    await whenSynced(late);
    sameContent(late.doc, expected);
    expect(server.rooms.loadedRoom(id)?.builtDoc).toBeNull();

    // A client that already holds the original text (a reconnecting editor) needs a real diff.
    const partial = connectClient(server.url, id, { connect: false });
    const original = new Y.Doc();
    Y.applyUpdate(original, expected);
    Y.applyUpdate(partial.doc, Y.encodeStateAsUpdate(original, Y.encodeStateVector(partial.doc)));
    partial.provider.connect();
    await whenSynced(partial);
    sameContent(partial.doc, expected);
  });

  it('the first edit after a dormant spell reaches every reader and is stored', async () => {
    const server = await startTestServer({ ROOM_IDLE_MS: '0' });
    const { id } = await storedDocument(server.url);
    await whenUnloaded(server, id);
    const readers = [connectClient(server.url, id), connectClient(server.url, id)];
    await Promise.all(readers.map(whenSynced));
    expect(server.rooms.loadedRoom(id)?.builtDoc).toBeNull();

    const res = await fetch(`${server.url}/api/documents/${id}/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'annotation.create', id: 'ann-after-dormant', start: 0, end: 8, labels: ['claim'] }),
    });
    expect(res.status).toBeLessThan(300);
    for (const reader of readers) await whenDoc(reader.doc, (d) => d.getMap('annotations').has('ann-after-dormant'));
    readers[0]!.text.insert(0, 'Live: ');
    await whenText(readers[1]!, readers[0]!.text.toString());
    for (const reader of readers) reader.destroy();
    await whenUnloaded(server, id);

    const again = connectClient(server.url, id);
    await whenSynced(again);
    expect(again.text.toString()).toBe('Live: ' + text + ' Edited once.');
    expect(again.doc.getMap('annotations').has('ann-after-dormant')).toBe(true);
    expect(again.doc.getMap('annotations').get('a1')).toBe('kept');
  });

  it('a log left by a crash is folded into a snapshot when the room closes unedited, with nothing lost', async () => {
    const { server, id, expected } = await afterCrash();
    const reader = connectClient(server.url, id);
    await whenSynced(reader);
    sameContent(reader.doc, expected);
    reader.destroy();
    await whenUnloaded(server, id);

    const after = await server.store.loadState(id);
    expect(after!.updates).toHaveLength(0);
    const reloaded = new Y.Doc();
    Y.applyUpdate(reloaded, after!.snapshot!);
    sameContent(reloaded, expected);
  });

  it('a room whose content goes quiet turns dormant again while readers stay, and wakes for the next edit', async () => {
    const server = await startTestServer({ ROOM_DORMANT_MS: '20' });
    const id = await createDocument(server.url, text);
    const [writer, reader] = [connectClient(server.url, id), connectClient(server.url, id)];
    await Promise.all([whenSynced(writer), whenSynced(reader)]);
    writer.text.insert(0, 'First. ');
    await whenText(reader, 'First. ' + text);
    await expect.poll(() => server.rooms.loadedRoom(id)?.builtDoc).toBeNull();
    expect(server.rooms.loadedRoom(id)?.connectionCount).toBe(2);

    writer.text.insert(writer.text.length, ' Last.');
    await whenText(reader, 'First. ' + text + ' Last.');
    const late = connectClient(server.url, id);
    await whenSynced(late);
    expect(late.text.toString()).toBe('First. ' + text + ' Last.');
    expect(late.doc.getMap('labels').size).toBeGreaterThan(0);
  });
});
