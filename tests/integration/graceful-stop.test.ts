// A graceful stop (SIGTERM, a rolling restart) loses nothing and makes no stock client give up:
// what was sent is stored and acknowledged first, newcomers are refused with a status they retry,
// and open sockets close with 1012 (service restart), which a stock provider reconnects after.

import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/protocol/close-codes.js';
import { COLLAB_PATH } from '../../shared/protocol/message-types.js';
import { SqliteStore } from '../../server/storage/sqlite/sqlite-store.js';
import { tempDir } from '../support/temp-dir.js';
import { createDocument, startTestServer, wsUrl } from '../support/test-server.js';
import { connectClient, whenClosed, whenSynced } from '../support/yjs-clients.js';

/** A SQLite store whose appends wait while held: a stop caught with a write under way. */
function heldStore(path: string) {
  const store = new SqliteStore(path);
  const held = Object.create(store) as SqliteStore;
  let release: () => void = () => undefined;
  let gate: Promise<void> | null = null;
  let appending: () => void = () => undefined;
  const appendStarted = new Promise<void>((resolve) => (appending = resolve));
  held.appendUpdate = async (id, update) => {
    appending();
    await gate;
    return store.appendUpdate(id, update);
  };
  return {
    store,
    held,
    appendStarted,
    hold: () => {
      gate = new Promise<void>((resolve) => (release = resolve));
    },
    release: () => release(),
  };
}

/** The status an upgrade request is answered with when it is refused. */
function refusedUpgrade(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('open', () => reject(new Error('the upgrade was accepted')));
    ws.on('error', () => undefined);
  });
}

describe('graceful stop', () => {
  it('stores and acknowledges what was sent, refuses newcomers with 503, then closes with 1012', async () => {
    const path = `${tempDir()}/glossa.db`;
    const { store, held, appendStarted, hold, release } = heldStore(path);
    const server = await startTestServer({ DATABASE_URL: path }, { store: held });
    const id = await createDocument(server.url, 'A report.');
    const writer = connectClient(server.url, id, { savedAck: true });
    await whenSynced(writer);

    const events: string[] = [];
    const closed = whenClosed(writer).then((event) => {
      events.push('closed');
      return event;
    });
    hold();
    writer.doc.getMap('entries').set('last', 'words');
    await appendStarted;
    const saved = writer.saved!.whenSaved().then(() => events.push('saved'));
    const stopped = server.close();

    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(503);
    expect(((await health.json()) as { error: { code: string } }).error.code).toBe('stopping');
    expect(await refusedUpgrade(`${wsUrl(server.url)}${COLLAB_PATH}/${id}`)).toBe(503);
    expect(writer.saved!.isSaved()).toBe(false);

    release();
    await saved;
    expect((await closed).code).toBe(CloseCode.ServiceRestart);
    expect(events).toEqual(['saved', 'closed']);
    await stopped;
    // A 1012 is not final: the stock provider goes on trying to reconnect.
    expect(writer.provider.shouldConnect).toBe(true);
    writer.destroy();

    const doc = new Y.Doc();
    const stored = (await store.loadState(id))!;
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
    for (const update of stored.updates) Y.applyUpdate(doc, update);
    expect(doc.getMap('entries').get('last')).toBe('words');
    await store.close();
  });

  it('a stock client whose socket was accepted as the stop began (its document loading) is told 1012, never "document not found"', async () => {
    const path = `${tempDir()}/glossa.db`;
    const store = new SqliteStore(path);
    const held = Object.create(store) as SqliteStore;
    let reading: () => void = () => undefined;
    const readStarted = new Promise<void>((resolve) => (reading = resolve));
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const server = await startTestServer({ DATABASE_URL: path }, { store: held });
    const id = await createDocument(server.url, 'A report.');
    // The newcomer's socket is accepted; loading the document for it waits on the store.
    held.loadState = async (docId) => {
      reading();
      await gate;
      return store.loadState(docId);
    };
    const late = connectClient(server.url, id);
    const closed = whenClosed(late);
    await readStarted;
    const stopped = server.close();
    release();
    expect((await closed).code).toBe(CloseCode.ServiceRestart);
    expect(late.provider.shouldConnect).toBe(true);
    await stopped;
    late.destroy();
    await store.close();
  });
});
