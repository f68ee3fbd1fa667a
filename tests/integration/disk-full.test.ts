// A full disk under the embedded store: nothing is acknowledged that is not stored, people are told,
// health says so, and once space returns the waiting changes are stored in order.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MessageType } from '../../shared/protocol/message-types.js';
import { readStoreStatus } from '../../shared/protocol/messages.js';
import type { StoreStatus } from '../../shared/protocol/store-status.js';
import { readAnnotations } from '../../shared/model/read-annotations.js';
import { SqliteStore } from '../../server/storage/sqlite/sqlite-store.js';
import type { StoredState } from '../../server/storage/store.js';
import { canMountTmpfs, mountSmallDisk } from '../faults/support/small-disk.js';
import { createDocument, startTestServer } from '../support/test-server.js';
import { type TestClient, connectClient, whenSynced } from '../support/yjs-clients.js';

const tmpfs = await canMountTmpfs();
if (!tmpfs.ok) console.warn(`SKIPPED disk-full tests: ${tmpfs.reason}`);

function docOf(stored: StoredState): Y.Doc {
  const doc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  for (const update of stored.updates) Y.applyUpdate(doc, update);
  return doc;
}

/** Every StoreStatus message the client receives, and a way to wait for one. */
function storeStatuses(client: TestClient) {
  const seen: StoreStatus[] = [];
  const waiters: Array<{ match: (s: StoreStatus) => boolean; resolve: (s: StoreStatus) => void }> = [];
  client.provider.messageHandlers[MessageType.StoreStatus] = (_encoder, decoder) => {
    const status = readStoreStatus(decoder);
    seen.push(status);
    for (const w of waiters.splice(0)) {
      if (w.match(status)) w.resolve(status);
      else waiters.push(w);
    }
  };
  return {
    seen,
    next: (match: (s: StoreStatus) => boolean) => new Promise<StoreStatus>((resolve) => waiters.push({ match, resolve })),
  };
}

describe.skipIf(!tmpfs.ok)('a full disk', () => {
  it('the SQLite store rejects an append the disk cannot hold, and every append that resolved is stored', async () => {
    const disk = await mountSmallDisk(2 * 1024 * 1024);
    const path = join(disk.dir, 'glossa.db');
    const store = new SqliteStore(path);
    await store.createDocument({ id: 'd', title: 'd', sourceBytes: 0, state: Y.encodeStateAsUpdate(new Y.Doc()) });
    await disk.fill();
    const resolved: number[] = [];
    const codes = new Set<string>();
    // After a failure the store works the next id out again with an INSERT … RETURNING: the path
    // that read a row back as stored while the disk dropped it.
    for (let i = 0; i < 300; i++) {
      try {
        await store.appendUpdate('d', new Uint8Array(1024).fill(i % 256));
        resolved.push(i);
      } catch (error) {
        codes.add(String((error as { code?: unknown }).code));
      }
    }
    expect([...codes]).toEqual(['SQLITE_FULL']);
    await disk.free();
    await store.appendUpdate('d', new Uint8Array(1024).fill(7));
    resolved.push(-1);
    await store.close();

    const reopened = new SqliteStore(path);
    const stored = (await reopened.loadState('d'))!;
    await reopened.close();
    expect(stored.updates.map((u) => u[0])).toEqual(resolved.map((i) => (i === -1 ? 7 : i % 256)));
  });

  it('a server on a full disk acknowledges nothing it has not stored, says why, and stores the backlog once space returns', async () => {
    const disk = await mountSmallDisk(8 * 1024 * 1024);
    const path = join(disk.dir, 'glossa.db');
    const server = await startTestServer({ DATABASE_URL: path });
    const id = await createDocument(server.url, 'The committee met on Tuesday.');
    const writer = connectClient(server.url, id, { savedAck: true });
    const watcher = connectClient(server.url, id, { savedAck: true });
    await Promise.all([whenSynced(writer), whenSynced(watcher)]);
    const writerStatus = storeStatuses(writer);
    const watcherStatus = storeStatuses(watcher);
    const failing = (s: StoreStatus) => s.saving === 'failing';

    await disk.fill();
    const told = writerStatus.next(failing);
    const toldWatcher = watcherStatus.next(failing);
    const entries = writer.doc.getMap('entries');
    for (let i = 0; i < 50; i++) entries.set(`e${i}`, 'x'.repeat(1024));
    const status = await told;
    expect(status).toMatchObject({ saving: 'failing', reason: 'disk_full' });
    expect(status.saving === 'failing' ? status.message : '').toMatch(/disk is full/);
    // Everyone who asks for acknowledgements hears it, not only the writer.
    expect(await toldWatcher).toMatchObject({ reason: 'disk_full' });
    expect(writer.saved!.isSaved()).toBe(false);

    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(503);
    const body = (await health.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('store_write_failing');
    expect(body.error.message).toMatch(/disk full/i);

    // Creating a document needs the disk too: a 503 saying why, not a 500.
    const created = await fetch(`${server.url}/api/documents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Another', text: 'y'.repeat(64 * 1024) }),
    });
    expect(created.status).toBe(503);
    expect(((await created.json()) as { error: { message: string } }).error.message).toMatch(/disk is full/);

    // A command is refused untouched (not applied, so a retry cannot apply it twice).
    const refused = await fetch(`${server.url}/api/documents/${id}/annotations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'while-full', start: 4, end: 13, labels: ['claim'] }),
    });
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { error: { code: string; reason: string } }).error).toMatchObject({ code: 'store_write_failing', reason: 'disk_full' });
    expect(writer.saved!.isSaved()).toBe(false);

    const recovered = writerStatus.next((s) => s.saving === 'ok');
    await disk.free();
    await writer.saved!.whenSaved();
    await recovered;
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    await server.close();

    const store = new SqliteStore(path);
    const doc = docOf((await store.loadState(id))!);
    await store.close();
    expect([...doc.getMap('entries').keys()].sort()).toEqual([...entries.keys()].sort());
    expect(readAnnotations(doc).map((a) => a.id)).not.toContain('while-full');
  });
});
