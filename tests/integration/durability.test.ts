// What a client has seen, or was told is saved, survives restarts and SIGKILL of the server process.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { tempDir } from '../support/temp-dir.js';
import { createDocument, spawnServer } from '../support/test-server.js';
import { connectClient, whenDoc, whenSynced, whenText } from '../support/yjs-clients.js';

const text = 'Durable text that must outlive the process.';

async function readBack(url: string, id: string) {
  const client = connectClient(url, id);
  await whenSynced(client);
  const state = { text: client.text.toString(), doc: client.doc };
  return state;
}

describe('durability', () => {
  it('a clean restart on the same file serves identical content', async () => {
    const db = join(tempDir(), 'glossa.db');
    const first = await spawnServer({ DATABASE_URL: db });
    const id = await createDocument(first.url, text);
    const a = connectClient(first.url, id);
    await whenSynced(a);
    a.text.insert(0, 'Edited. ');
    a.doc.getMap('annotations').set('a1', 'kept');
    const b = connectClient(first.url, id);
    await whenDoc(b.doc, (d) => d.getMap('annotations').get('a1') === 'kept');
    const before = Y.encodeStateAsUpdate(b.doc);
    a.destroy();
    b.destroy();
    await first.kill('SIGTERM');

    const second = await spawnServer({ DATABASE_URL: db });
    const after = await readBack(second.url, id);
    expect(after.text).toBe('Edited. ' + text);
    // Same content, and no duplicated content from replaying the log over the snapshot.
    const expected = new Y.Doc();
    Y.applyUpdate(expected, before);
    expect(after.doc.getText('source').toString()).toBe(expected.getText('source').toString());
    expect(after.doc.getMap('annotations').toJSON()).toEqual({ a1: 'kept' });
  });

  it('an update another client has seen survives SIGKILL of the server', async () => {
    const db = join(tempDir(), 'glossa.db');
    const first = await spawnServer({ DATABASE_URL: db });
    const id = await createDocument(first.url, text);
    const writer = connectClient(first.url, id);
    const watcher = connectClient(first.url, id);
    await Promise.all([whenSynced(writer), whenSynced(watcher)]);

    for (let i = 0; i < 20; i++) writer.text.insert(writer.text.length, ` +${i}`);
    const expected = writer.text.toString();
    // The server relays only what is durable, so once the watcher has it, it is stored.
    await whenText(watcher, expected);
    await first.kill('SIGKILL');
    writer.destroy();
    watcher.destroy();

    const second = await spawnServer({ DATABASE_URL: db });
    expect((await readBack(second.url, id)).text).toBe(expected);
  });

  it('every update acknowledged as saved survives SIGKILL, even if nobody else saw it', async () => {
    const db = join(tempDir(), 'glossa.db');
    const first = await spawnServer({ DATABASE_URL: db });
    const id = await createDocument(first.url, text);
    const writer = connectClient(first.url, id, { savedAck: true });
    await whenSynced(writer);

    const map = writer.doc.getMap('annotations');
    for (let i = 0; i < 50; i++) map.set(`n${i}`, i);
    expect(writer.saved!.isSaved()).toBe(false);
    await writer.saved!.whenSaved();
    await first.kill('SIGKILL');
    writer.destroy();

    const second = await spawnServer({ DATABASE_URL: db });
    const after = await readBack(second.url, id);
    expect(Object.keys(after.doc.getMap('annotations').toJSON())).toHaveLength(50);
    expect(after.doc.getMap('annotations').get('n49')).toBe(49);
  });

  it('does not send Saved messages to clients that did not ask for them', async () => {
    const db = join(tempDir(), 'glossa.db');
    const server = await spawnServer({ DATABASE_URL: db });
    const id = await createDocument(server.url, text);
    const client = connectClient(server.url, id);
    const unknownTypes: number[] = [];
    // Record any message type the stock provider has no handler for.
    const handlers = client.provider.messageHandlers;
    for (let t = 4; t < 128; t++) handlers[t] = () => unknownTypes.push(t);
    await whenSynced(client);
    client.text.insert(0, 'x');
    const echo = connectClient(server.url, id);
    await whenText(echo, 'x' + text);
    expect(unknownTypes).toEqual([]);
  });
});
