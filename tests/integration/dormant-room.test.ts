// A room keeps a document as Yjs update bytes: it serves readers, relays and stores editors'
// changes from them, and builds a Y.Doc only when the server itself reads or changes the
// content. Whatever path a client takes in, it must end up with exactly the stored document, and
// every change, made while the room holds bytes or a Y.Doc, must reach everyone and be stored.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { tempDir } from '../support/temp-dir.js';
import type { RunningServer } from '../../server/server.js';
import type { Room } from '../../server/collab/room.js';
import { createDocument, spawnServer, startTestServer } from '../support/test-server.js';
import { connectClient, rawSocket, whenDoc, whenSynced, whenText } from '../support/yjs-clients.js';
import { encodeSyncUpdate } from '../../shared/protocol/messages.js';
import { MessageType } from '../../shared/protocol/message-types.js';
import { createAnnotation } from '../../shared/model/write-annotations.js';

const author = { id: 'u-raw', name: 'Raw editor', color: '#1c7ed6' };
const now = '2026-12-07T00:00:00.000Z';

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

/** The room holds its document as update bytes, not as a Y.Doc. */
const keptAsBytes = (room: Room | null | undefined): boolean => !!room && 'pieces' in room.content.held;

describe('dormant rooms', () => {
  it('readers arriving at load, later with nothing, and later with part of the document all get exactly the stored document', async () => {
    const { server, id, expected } = await afterCrash();

    const first = connectClient(server.url, id);
    await whenSynced(first);
    sameContent(first.doc, expected);
    const late = connectClient(server.url, id);
    await whenSynced(late);
    sameContent(late.doc, expected);
    expect(keptAsBytes(server.rooms.loadedRoom(id))).toBe(true);

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
    expect(keptAsBytes(server.rooms.loadedRoom(id))).toBe(true);

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

  it('edits from clients are relayed, acknowledged and stored without the server building the document', async () => {
    const db = join(tempDir(), 'glossa.db');
    const server = await startTestServer({ DATABASE_URL: db });
    const id = await createDocument(server.url, text);
    const writer = connectClient(server.url, id, { savedAck: true });
    const other = connectClient(server.url, id);
    await Promise.all([whenSynced(writer), whenSynced(other)]);
    const annotations = writer.doc.getMap('annotations');
    for (let i = 0; i < 300; i++) {
      annotations.set(`a${i}`, { quote: 'x'.repeat(40), n: i });
      if (i % 3 === 0) annotations.delete(`a${i - 3}`);
      if (i % 50 === 0) other.text.insert(0, `${i} `);
    }
    await writer.saved!.whenSaved();
    await whenDoc(other.doc, (d) => d.getMap('annotations').has('a299'));
    await whenText(writer, other.text.toString());
    expect(keptAsBytes(server.rooms.loadedRoom(id))).toBe(true);

    // Joining with nothing, and joining with part of it (a reconnecting editor), both end up equal.
    const late = connectClient(server.url, id);
    const partial = connectClient(server.url, id, { connect: false });
    Y.applyUpdate(partial.doc, Y.encodeStateAsUpdate(other.doc));
    partial.doc.getMap('annotations').set('offline', true);
    partial.provider.connect();
    await Promise.all([whenSynced(late), whenSynced(partial)]);
    await whenDoc(writer.doc, (d) => d.getMap('annotations').has('offline'));
    await whenDoc(late.doc, (d) => d.getMap('annotations').has('offline'));
    sameContent(late.doc, Y.encodeStateAsUpdate(writer.doc));
    expect(partial.doc.getMap('annotations').toJSON()).toEqual(writer.doc.getMap('annotations').toJSON());
    expect(partial.text.toString()).toBe(writer.text.toString());
    expect(keptAsBytes(server.rooms.loadedRoom(id))).toBe(true);

    // What the server stored is the document: a fresh server on the same file serves it whole.
    const final = Y.encodeStateAsUpdate(writer.doc);
    for (const client of [writer, other, late, partial]) client.destroy();
    await server.close();
    const reopened = await startTestServer({ DATABASE_URL: db });
    const reader = connectClient(reopened.url, id);
    await whenSynced(reader);
    sameContent(reader.doc, final);
    expect(reader.doc.getMap('annotations').get('offline')).toBe(true);
  });

  it('content the room already has is not stored again when a client sends it a second time', async () => {
    const server = await startTestServer();
    const id = await createDocument(server.url, text);
    const writer = connectClient(server.url, id, { savedAck: true });
    await whenSynced(writer);
    writer.doc.getMap('annotations').set('once', 1);
    await writer.saved!.whenSaved();
    const before = (await server.store.loadState(id))!.updates.length;

    // Everything the writer has, sent again raw: nothing new, so nothing is stored.
    const socket = rawSocket(server.url, id, '?ack=saved');
    await socket.first((f) => f[0] === MessageType.Sync);
    socket.ws.send(encodeSyncUpdate(Y.encodeStateAsUpdate(writer.doc)));
    await socket.first((f) => f[0] === MessageType.Saved);
    expect((await server.store.loadState(id))!.updates).toHaveLength(before);

    // The same again with one new change in it: only the change is stored.
    const clockBefore = Y.decodeStateVector(Y.encodeStateVector(writer.doc)).get(writer.doc.clientID)!;
    writer.provider.disconnect();
    writer.doc.getMap('annotations').set('twice', 2);
    socket.received.length = 0;
    socket.ws.send(encodeSyncUpdate(Y.encodeStateAsUpdate(writer.doc)));
    await socket.first((f) => f[0] === MessageType.Saved);
    const updates = (await server.store.loadState(id))!.updates;
    expect(updates).toHaveLength(before + 1);
    const structs = Y.decodeUpdate(updates.at(-1)!).structs;
    expect(structs.length).toBeGreaterThan(0);
    for (const struct of structs) expect(struct.id.clock).toBeGreaterThanOrEqual(clockBefore);
    expect(keptAsBytes(server.rooms.loadedRoom(id))).toBe(true);
  });

  it('text deleted while the room relays is gone from what is stored once the room closes', async () => {
    const server = await startTestServer({ ROOM_IDLE_MS: '0' });
    const id = await createDocument(server.url, text);
    const writer = connectClient(server.url, id);
    await whenSynced(writer);
    const pasted = 'pasted by mistake. '.repeat(5_000);
    writer.text.insert(0, pasted);
    writer.text.delete(0, pasted.length);
    writer.text.insert(0, 'Kept. ');
    const reader = connectClient(server.url, id);
    await whenText(reader, 'Kept. ' + text);
    writer.destroy();
    reader.destroy();
    await whenUnloaded(server, id);

    const stored = (await server.store.loadState(id))!;
    expect(stored.updates).toHaveLength(0);
    expect(stored.snapshot!.byteLength).toBeLessThan(pasted.length / 10);
    const reloaded = new Y.Doc();
    Y.applyUpdate(reloaded, stored.snapshot!);
    expect(reloaded.getText('source').toString()).toBe('Kept. ' + text);
  });

  it('annotations added over the socket while the room keeps bytes are counted in the document listing', async () => {
    const server = await startTestServer({ ROOM_IDLE_MS: '0' });
    const id = await createDocument(server.url, text);
    const listedCount = async () => {
      const body = (await (await fetch(`${server.url}/api/documents`)).json()) as { documents: { id: string; annotationCount: number }[] };
      return body.documents.find((d) => d.id === id)!.annotationCount;
    };
    const first = connectClient(server.url, id, { savedAck: true });
    await whenSynced(first);
    // Written as a raw editor would, in the documented layout (shared/model/write-annotations.ts).
    for (const n of [1, 2, 3]) createAnnotation(first.doc, { id: `raw-${n}`, start: 0, end: 4, labels: [] }, author, now);
    await first.saved!.whenSaved();
    const room = server.rooms.loadedRoom(id)!;
    expect(keptAsBytes(room)).toBe(true);
    first.destroy();
    await whenUnloaded(server, id);
    // Stored when the room unloaded, counted without building the Y.Doc on the main thread
    // (for a large document that held up every edit on the instance).
    expect(await listedCount()).toBe(3);
    expect(keptAsBytes(room)).toBe(true);

    const second = connectClient(server.url, id, { savedAck: true });
    await whenSynced(second);
    createAnnotation(second.doc, { id: 'raw-4', start: 0, end: 4, labels: [] }, author, now);
    await second.saved!.whenSaved();
    // Live, while the room is open.
    expect(await listedCount()).toBe(4);
  });

  it('a room the server worked on goes back to bytes while readers stay, and their edits keep flowing', async () => {
    const server = await startTestServer({}, { tuning: { dormantAfterMs: 20 } });
    const id = await createDocument(server.url, text);
    const [writer, reader] = [connectClient(server.url, id), connectClient(server.url, id)];
    await Promise.all([whenSynced(writer), whenSynced(reader)]);
    const res = await fetch(`${server.url}/api/documents/${id}/annotations`);
    expect(res.status).toBe(200);
    writer.text.insert(0, 'First. ');
    await whenText(reader, 'First. ' + text);
    await expect.poll(() => keptAsBytes(server.rooms.loadedRoom(id))).toBe(true);
    expect(server.rooms.loadedRoom(id)?.connectionCount).toBe(2);

    writer.text.insert(writer.text.length, ' Last.');
    await whenText(reader, 'First. ' + text + ' Last.');
    const late = connectClient(server.url, id);
    await whenSynced(late);
    expect(late.text.toString()).toBe('First. ' + text + ' Last.');
    expect(late.doc.getMap('labels').size).toBeGreaterThan(0);
    expect(keptAsBytes(server.rooms.loadedRoom(id))).toBe(true);
  });
});
