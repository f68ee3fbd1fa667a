// After a crash, the documents that were busy are loaded at start, before their writers reconnect:
// their first edits then wait for no load. A document with a short log is left until someone opens it.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp-dir.js';
import { createDocument, spawnServer, startTestServer } from '../support/test-server.js';
import { connectClient, whenSynced } from '../support/yjs-clients.js';

describe('start after a crash', () => {
  it('loads the documents left with a long log, and only those, before anyone asks', async () => {
    const db = join(tempDir(), 'glossa.db');
    // Nothing compacts before the kill: the busy document keeps all 60 rows.
    const crashed = await spawnServer({ DATABASE_URL: db }, { compactMaxRows: 100_000, mergeQuietMs: 600_000 });
    const busy = await createDocument(crashed.url, 'A report under review. ');
    const quiet = await createDocument(crashed.url, 'A report nobody touched. ');
    const writer = connectClient(crashed.url, busy, { savedAck: true });
    await whenSynced(writer);
    for (let i = 0; i < 60; i++) {
      writer.text.insert(writer.text.length, `${i} `);
      await writer.saved!.whenSaved();
    }
    const written = writer.text.toString();
    writer.destroy();
    await crashed.kill('SIGKILL');

    const server = await startTestServer({ DATABASE_URL: db, ROOM_IDLE_MS: '600000' }, { tuning: { compactMaxRows: 50 } });
    await expect.poll(() => server.rooms.isOpen(busy), { timeout: 10_000 }).toBe(true);
    expect(server.rooms.isOpen(quiet)).toBe(false);

    const back = connectClient(server.url, busy);
    await whenSynced(back);
    expect(back.text.toString()).toBe(written);
    back.destroy();
  });
});
