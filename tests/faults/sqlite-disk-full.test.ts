// Issue 23, "Saved means stored, whatever fails": the disk under the SQLite file fills up while ten
// stock writers write 1 KB values. Nothing that is not stored is acknowledged; acknowledging clients
// are told why saving fails (StoreStatus 'failing', 'disk_full') and /healthz answers 503 naming it.
// Once space returns the backlog is stored in order, acknowledgements resume, clients hear 'ok' and
// /healthz 200; after kill -9 every acknowledged key is in the file, and everyone converges again.

import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createDocument, spawnServer } from '../support/test-server.js';
import { canMountTmpfs, mountSmallDisk } from './support/small-disk.js';
import { missingAckedAt, openStoreAt, rowsOutOfOrder } from './support/store-check.js';
import { freePort, startWriters } from './support/writers.js';

const WRITERS = 10;
// Room for the whole run once the filler is gone: a compaction writes the document's snapshot again
// (a few MB here) next to the old one and through the write-ahead log.
const DISK_BYTES = 32 * 1024 * 1024;
/** How long the writers go on writing while the disk is full: the backlog. */
const FULL_FOR_MS = 5_000;

const tmpfs = await canMountTmpfs();
if (!tmpfs.ok) {
  console.warn(
    `\n!!! SKIPPING the SQLite disk-full fault scenario (tests/faults/sqlite-disk-full.test.ts): ${tmpfs.reason}\n` +
      `!!! It needs root to mount a small tmpfs (as on CI machines).\n`,
  );
}

async function health(baseUrl: string): Promise<{ status: number; body: string }> {
  const res = await fetch(`${baseUrl}/healthz`);
  return { status: res.status, body: await res.text() };
}

describe.skipIf(!tmpfs.ok)('SQLite: the disk fills under writes', () => {
  it('acknowledges nothing unstored, says why, stores the backlog in order once space returns, and loses nothing to kill -9', async () => {
    const disk = await mountSmallDisk(DISK_BYTES);
    const db = join(disk.dir, 'glossa.db');
    const port = await freePort();
    const env = { DATABASE_URL: db, PORT: String(port) };
    let server = await spawnServer(env);
    const id = await createDocument(server.url, 'The disk under this document fills up.');
    const writers = startWriters(server.url, id, WRITERS, { perSecond: 20, valueBytes: 1024 });
    await writers.whenAllConnected();
    await writers.whenAckedCount(300);

    // The disk fills mid-run. SQLite may still fit a few commits into pages it already has.
    await disk.fill();
    const failing = await writers.whenStoreStatus((s) => s.saving === 'failing');
    expect(failing.status).toMatchObject({ saving: 'failing', reason: 'disk_full' });
    const failingAt = writers.storeStatuses().length;
    const writtenWhenFailing = writers.written();
    await expect.poll(async () => (await health(server.url)).status, { timeout: 15_000 }).toBe(503);
    const unhealthy = await health(server.url);
    const error = (JSON.parse(unhealthy.body) as { error?: { code?: unknown; message?: unknown } }).error;
    expect(typeof error?.code).toBe('string');
    expect(typeof error?.message).toBe('string');
    expect(unhealthy.body).toMatch(/disk[ _]full/i);

    // The writers go on while the disk is full: what they write is not acknowledged, and what was
    // acknowledged is in the file (read beside the running server).
    await delay(FULL_FOR_MS);
    const writtenWhileFull = writers.written();
    expect(writtenWhileFull.size).toBeGreaterThan(writtenWhenFailing.size);
    const ackedWhileFull = writers.acked();
    expect(
      writers
        .storeStatuses()
        .slice(failingAt)
        .map((s) => s.status.saving),
    ).not.toContain('ok');
    expect([...ackedWhileFull].filter((key) => !writtenWhenFailing.has(key))).toEqual([]);
    expect(await missingAckedAt(db, id, ackedWhileFull)).toEqual([]);
    expect((await health(server.url)).status).toBe(503);
    console.log(
      `disk full: ${writtenWhenFailing.size} keys written when told 'failing', ${writtenWhileFull.size} after ${FULL_FOR_MS} ms; ` +
        `${ackedWhileFull.size} acknowledged`,
    );

    // Space returns: the backlog is stored, acknowledged, and everyone hears it.
    await disk.free();
    await writers.whenAcked(writtenWhileFull);
    await writers.whenStoreStatus((s) => s.saving === 'ok', undefined, failingAt);
    await expect.poll(async () => (await health(server.url)).status, { timeout: 15_000 }).toBe(200);

    // Quiet, then kill -9: every acknowledged key is in the file, stored in order.
    writers.pause();
    await writers.whenAllAcked();
    await writers.whenConverged(server.url, id);
    await server.kill('SIGKILL');
    await writers.whenAllDisconnected();
    const acked = writers.acked();
    const missing = await missingAckedAt(db, id, acked);
    const store = await openStoreAt(db);
    const outOfOrder = await rowsOutOfOrder(store, id).finally(() => store.close());
    console.log(`after kill -9: ${acked.size} of ${writers.written().size} keys acknowledged, ${missing.length} missing from the file`);
    expect(missing.slice(0, 10)).toEqual([]);
    expect(outOfOrder.slice(0, 10)).toEqual([]);

    // Restarted on the same file and port: every stock writer comes back by itself.
    server = await spawnServer(env);
    await writers.whenAllConnected();
    await writers.whenConverged(server.url, id);
    expect(writers.everGaveUp()).toBe(false);
    expect(writers.closeCodes().filter((code) => code >= 4400 && code < 4500)).toEqual([]);
    expect(writers.connectedCount()).toBe(WRITERS);
  });
});
