// Stock y-websocket clients editing one document together through a real server.

import { describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { encodeSyncStep1 } from '../../shared/protocol/messages.js';
import { CloseCode } from '../../shared/protocol/close-codes.js';
import { SqliteStore } from '../../server/storage/sqlite/sqlite-store.js';
import type { StoredState } from '../../server/storage/store.js';
import { tempDir } from '../support/temp-dir.js';
import { createDocument, startTestServer } from '../support/test-server.js';
import { connectClient, rawSocket, whenClosed, whenDoc, whenPresence, whenSynced, whenText } from '../support/yjs-clients.js';

const report = 'The committee met on Tuesday. Its findings are summarised below.';

describe('collaboration endpoint', () => {
  it('three stock clients converge on concurrent edits', async () => {
    const server = await startTestServer();
    const id = await createDocument(server.url, report);
    const clients = [0, 1, 2].map(() => connectClient(server.url, id));
    await Promise.all(clients.map(whenSynced));
    for (const c of clients) expect(c.text.toString()).toBe(report);

    // Concurrent: each edits before seeing the others' changes.
    clients[0]!.text.insert(0, '[A]');
    clients[1]!.text.insert(report.length, '[B]');
    clients[2]!.text.delete(4, 10);
    clients[2]!.text.insert(4, '[C]');

    const expected = (doc: Y.Doc) => {
      const t = doc.getText('source').toString();
      return t.includes('[A]') && t.includes('[B]') && t.includes('[C]');
    };
    await Promise.all(clients.map((c) => whenDoc(c.doc, expected)));
    const states = clients.map((c) => Y.encodeStateAsUpdate(c.doc));
    const texts = clients.map((c) => c.text.toString());
    expect(new Set(texts).size).toBe(1);
    expect(Y.encodeStateVector(clients[0]!.doc)).toEqual(Y.encodeStateVector(clients[1]!.doc));
    expect(states[0]!.byteLength).toBeGreaterThan(0);
  });

  it('a late joiner receives the full current state', async () => {
    const server = await startTestServer();
    const id = await createDocument(server.url, report);
    const early = connectClient(server.url, id);
    await whenSynced(early);
    early.text.insert(0, 'EDITED: ');
    early.text.delete(early.text.length - 1, 1);
    const expected = early.text.toString();

    const late = connectClient(server.url, id);
    await whenSynced(late);
    expect(late.text.toString()).toBe(expected);
  });

  it('clients joining while the document loads get the stored content, loaded once', async () => {
    const dir = tempDir();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let loads = 0;
    // Our own Store interface, with loading held back until the test lets it go.
    const store = new SqliteStore(`${dir}/gated.db`);
    const gated = Object.create(store) as SqliteStore;
    gated.loadState = async (docId: string): Promise<StoredState | null> => {
      loads++;
      await gate;
      return store.loadState(docId);
    };
    const server = await startTestServer({ DATABASE_URL: `${dir}/gated.db` }, { store: gated });
    const id = await createDocument(server.url, report);

    const waiting = [0, 1, 2].map(() => connectClient(server.url, id));
    const synced = waiting.map(whenSynced);
    let anySynced = false;
    void Promise.race(synced).then(() => (anySynced = true));
    await expect.poll(() => loads).toBe(1);
    expect(anySynced).toBe(false);
    release();
    await Promise.all(synced);
    for (const c of waiting) expect(c.text.toString()).toBe(report);
    expect(loads).toBe(1);
  });

  it('closes an unknown document with 4404 and the provider stops retrying', async () => {
    const server = await startTestServer();
    const client = connectClient(server.url, 'no-such-document');
    const closed = await whenClosed(client);
    expect(closed.code).toBe(CloseCode.DocumentNotFound);
    expect(closed.reason).toContain('document not found');
    expect(client.provider.shouldConnect).toBe(false);
  });

  it('announces a departed client’s presence removal at once', async () => {
    const server = await startTestServer();
    const id = await createDocument(server.url, report);
    const alice = connectClient(server.url, id);
    const bob = connectClient(server.url, id);
    await Promise.all([whenSynced(alice), whenSynced(bob)]);
    alice.provider.awareness.setLocalStateField('user', { name: 'Alice' });
    const aliceId = alice.doc.clientID;
    await whenPresence(bob, aliceId, (state) => state !== undefined);
    expect(bob.provider.awareness.getStates().get(aliceId)?.user).toEqual({ name: 'Alice' });

    // Terminate the socket without a goodbye: the server must announce the removal itself.
    const removed = whenPresence(bob, aliceId, (state) => state === undefined);
    (alice.provider.ws as unknown as { terminate(): void }).terminate();
    alice.provider.shouldConnect = false;
    await removed;
    expect(bob.provider.awareness.getStates().has(aliceId)).toBe(false);
  });

  it('unloads a room once its last client leaves, and reloads it intact', async () => {
    const server = await startTestServer({ ROOM_IDLE_MS: '20' });
    const id = await createDocument(server.url, report);
    const a = connectClient(server.url, id);
    await whenSynced(a);
    a.text.insert(0, 'kept: ');
    const expected = a.text.toString();
    expect(server.rooms.openCount).toBe(1);
    a.destroy();
    await expect.poll(() => server.rooms.openCount).toBe(0);

    const b = connectClient(server.url, id);
    await whenSynced(b);
    expect(b.text.toString()).toBe(expected);
  });

  it('deleting a document closes its room with 4410 while other rooms keep working', async () => {
    const server = await startTestServer();
    const doomed = await createDocument(server.url, report);
    const other = await createDocument(server.url, 'another text');
    const a = connectClient(server.url, doomed);
    const b = connectClient(server.url, other);
    const b2 = connectClient(server.url, other);
    await Promise.all([whenSynced(a), whenSynced(b), whenSynced(b2)]);

    const closed = whenClosed(a);
    const res = await fetch(`${server.url}/api/documents/${doomed}`, { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect((await closed).code).toBe(CloseCode.DocumentDeleted);

    b.text.insert(0, 'still ');
    await whenText(b2, 'still another text');
    expect((await fetch(`${server.url}/api/documents/${doomed}`)).status).toBe(404);
  });

  it('a shutdown closes clients with 1012 (service restart) after storing what they sent', async () => {
    const dbPath = `${tempDir()}/glossa.db`;
    const server = await startTestServer({ DATABASE_URL: dbPath });
    const id = await createDocument(server.url, report);
    const client = connectClient(server.url, id);
    await whenSynced(client);
    client.text.insert(0, 'last words: ');
    const closed = whenClosed(client);
    await whenText(connectClient(server.url, id), 'last words: ' + report);
    await server.close();
    expect((await closed).code).toBe(CloseCode.ServiceRestart);
    client.destroy();

    const store = new SqliteStore(dbPath);
    const stored = await store.loadState(id);
    await store.close();
    const doc = new Y.Doc();
    if (stored!.snapshot) Y.applyUpdate(doc, stored!.snapshot);
    for (const u of stored!.updates) Y.applyUpdate(doc, u);
    expect(doc.getText('source').toString()).toBe('last words: ' + report);
  });

  it('a failed load closes with 4500, and the provider reconnects and syncs once the store answers', async () => {
    const dir = tempDir();
    const store = new SqliteStore(`${dir}/flaky.db`);
    const flaky = Object.create(store) as SqliteStore;
    let failures = 1;
    flaky.loadState = async (docId: string) => {
      if (failures-- > 0) throw new Error('disk on fire');
      return store.loadState(docId);
    };
    const server = await startTestServer({ DATABASE_URL: `${dir}/flaky.db` }, { store: flaky });
    const id = await createDocument(server.url, report);
    const client = connectClient(server.url, id);
    expect((await whenClosed(client)).code).toBe(CloseCode.InternalError);
    await whenSynced(client);
    expect(client.text.toString()).toBe(report);
  });
});

describe('answering a joining client', () => {
  it('sends its sync answer before any edit relayed after it asked, so it can apply each update as it arrives, and none twice', async () => {
    const server = await startTestServer();
    // Large enough that the answer is worked out in the merge thread, as for a real report.
    const id = await createDocument(server.url, report.repeat(400));
    const writer = connectClient(server.url, id);
    await whenSynced(writer);
    const before = Y.encodeStateAsUpdate(writer.doc);
    let writing = true;
    const write = (): void => {
      if (!writing) return;
      writer.text.insert(0, 'x');
      setImmediate(write);
    };
    write();
    try {
      for (let round = 0; round < 3; round++) {
        // A client that was away while the writer wrote: what it lacks comes in the answer.
        const doc = new Y.Doc();
        Y.applyUpdate(doc, before);
        const joiner = rawSocket(server.url, id);
        // The room's own sync step 1: the joiner is among those it relays to from now on.
        await joiner.first((frame) => frame[0] === 0 && frame[1] === 0);
        joiner.ws.send(encodeSyncStep1(Y.encodeStateVector(doc)));
        const answer = await joiner.first((frame) => frame[0] === 0 && frame[1] === 1);
        await joiner.first((frame) => frame[0] === 0 && frame[1] === 2 && joiner.received.indexOf(frame) > joiner.received.indexOf(answer));
        const syncFrames = joiner.received.filter((frame) => frame[0] === 0 && frame[1] !== 0);
        expect(syncFrames[0]).toBe(answer);
        let repeats = 0;
        for (const frame of syncFrames) {
          const had = Y.encodeStateVector(doc);
          const decoder = decoding.createDecoder(frame);
          decoding.readVarUint(decoder);
          syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), doc, 'server');
          expect(doc.store.pendingStructs).toBeNull();
          if (Buffer.from(Y.encodeStateVector(doc)).equals(had)) repeats++;
        }
        // The edits held for it that the answer already held are not sent again.
        expect(repeats).toBe(0);
        joiner.ws.close();
      }
    } finally {
      writing = false;
    }
  });
});
