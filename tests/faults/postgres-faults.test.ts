// Saved means stored, whatever happens to PostgreSQL or to the server in front of it (issue 23).
// Ten stock y-websocket writers ask for saved acknowledgements while the server is killed, the
// database is stopped, or its disk fills up; at the end the store, read directly, holds every key
// any writer was told is saved, every writer is connected again and holds what the server holds.
// Each scenario runs its own PostgreSQL cluster (tests/faults/support/private-postgres.ts).

import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { type ServerProcess, createDocument, spawnServer } from '../support/test-server.js';
import { expectNothingLost, health } from './support/fault-checks.js';
import { freePort } from './support/free-port.js';
import { requirePrivatePostgres, startPrivatePostgres } from './support/private-postgres.js';
import { missingAckedAt } from './support/store-check.js';
import { canMountTmpfs, mountSmallDisk } from './support/small-disk.js';
import { startWriters } from './support/writers.js';

const postgres = requirePrivatePostgres('kill -9, stopped database and full disk under writers (tests/faults/postgres-faults.test.ts)');
const tmpfs = await canMountTmpfs();
if (postgres.available && !tmpfs.ok) {
  console.warn(`\n!!! SKIPPING the full-disk PostgreSQL scenario (tests/faults/postgres-faults.test.ts)\n!!! ${tmpfs.reason}\n`);
}

const WRITERS = 10;
/** About a second of the writers' keys (10 writers × 50 keys a second). */
const A_SECOND_OF_KEYS = 500;

/** Keys in `keys` that are not in `allowed`. */
const outside = (keys: Set<string>, allowed: Set<string>) => [...keys].filter((k) => !allowed.has(k));

/** A server that comes back on the same port after a kill, so stock clients reconnect by themselves. */
async function restartableServer(databaseUrl: string) {
  const env = { DATABASE_URL: databaseUrl, PORT: String(await freePort()) };
  let server: ServerProcess = await spawnServer(env);
  return {
    get url() {
      return server.url;
    },
    async kill() {
      await server.kill('SIGKILL');
    },
    async start() {
      server = await spawnServer(env);
    },
  };
}

describe.skipIf(!postgres.available)('PostgreSQL faults under writers asking for saved acknowledgements', () => {
  it('kill -9 of the server three times: clients reconnect by themselves, nothing acknowledged is lost', async () => {
    const pg = await startPrivatePostgres();
    const server = await restartableServer(pg.url);
    const id = await createDocument(server.url, 'Killed three times.');
    const writers = startWriters(server.url, id, WRITERS, { prefix: 'kill-' });
    await writers.whenAllConnected();

    const lostAtKill: string[][] = [];
    for (let cycle = 0; cycle < 3; cycle++) {
      // Acknowledgements flow, then the server dies mid-stream with writes in flight.
      await writers.whenAckedCount(writers.acked().size + A_SECOND_OF_KEYS);
      await server.kill();
      // Acknowledgements already on their way are read before the sockets report their close.
      await writers.whenAllDisconnected();
      lostAtKill.push(await missingAckedAt(pg.url, id, writers.acked()));
      await server.start();
      await writers.whenAllConnected();
    }
    await writers.whenAckedCount(writers.acked().size + A_SECOND_OF_KEYS);

    expect(lostAtKill.map((keys) => keys.slice(0, 10))).toEqual(lostAtKill.map(() => []));
    await expectNothingLost(writers, server.url, id, pg.url);
    expect(writers.closeCodes()).toContain(1006);
  });

  it('PostgreSQL stopped for 8 s: writes wait, /healthz answers 503, nothing is acknowledged until the backlog is stored', async () => {
    const pg = await startPrivatePostgres();
    const server = await spawnServer({ DATABASE_URL: pg.url });
    const id = await createDocument(server.url, 'The database will go away.');
    const writers = startWriters(server.url, id, WRITERS, { prefix: 'down-' });
    await writers.whenAllConnected();
    await writers.whenAckedCount(A_SECOND_OF_KEYS);

    await pg.stop('immediate');
    // Whatever could have been stored was written by now; nothing written later can be, until it returns.
    const writtenBeforeStop = writers.written();
    await expect.poll(async () => (await health(server.url)).status, { timeout: 15_000 }).toBe(503);
    const failing = await writers.whenStoreStatus((s) => s.saving === 'failing', 15_000);
    expect(failing.status).toMatchObject({ saving: 'failing', reason: 'unreachable' });

    // Down for 8 s while the writers go on.
    await delay(8_000);
    const writtenWhileDown = writers.written();
    expect(outside(writers.acked(), writtenBeforeStop)).toEqual([]);
    expect(writtenWhileDown.size).toBeGreaterThan(writtenBeforeStop.size + A_SECOND_OF_KEYS);
    expect((await health(server.url)).status).toBe(503);

    await pg.start();
    await writers.whenAcked(writtenWhileDown);
    await writers.whenStoreStatus((s) => s.saving === 'ok');
    await expect.poll(async () => (await health(server.url)).status, { timeout: 15_000 }).toBe(200);

    await expectNothingLost(writers, server.url, id, pg.url);
  });

  it.skipIf(!tmpfs.ok)(
    'full disk under the tables: nothing new is acknowledged, clients are told, /healthz 503; space freed, the backlog is stored; a restart loses nothing',
    async () => {
      const disk = await mountSmallDisk(16 * 1024 * 1024);
      // The test database's default tablespace is on the small disk; the WAL stays on the big one.
      const pg = await startPrivatePostgres({ tablespaceDir: disk.dir });
      const server = await restartableServer(pg.url);
      try {
        const id = await createDocument(server.url, 'The disk will fill up.');
        const writers = startWriters(server.url, id, WRITERS, { prefix: 'full-' });
        await writers.whenAllConnected();
        await writers.whenAckedCount(A_SECOND_OF_KEYS);

        await disk.fill();
        // Rows may still fit in pages PostgreSQL already has; the first insert that needs a new page fails.
        const failing = await writers.whenStoreStatus((s) => s.saving === 'failing', 30_000);
        expect(failing.status).toMatchObject({ saving: 'failing', reason: 'disk_full' });
        const writtenWhenFailing = writers.written();
        await expect.poll(() => health(server.url), { timeout: 15_000 }).toMatchObject({ status: 503, code: 'store_write_failing' });
        expect((await health(server.url)).message).toMatch(/disk full/);

        // Full for 5 s while the writers go on: nothing written since the failure is acknowledged,
        // and what was acknowledged is in the store.
        await delay(5_000);
        const writtenWhileFull = writers.written();
        expect(outside(writers.acked(), writtenWhenFailing)).toEqual([]);
        expect(writtenWhileFull.size).toBeGreaterThan(writtenWhenFailing.size);
        expect(await missingAckedAt(pg.url, id, writers.acked())).toEqual([]);
        expect((await health(server.url)).status).toBe(503);

        await disk.free();
        await writers.whenAcked(writtenWhileFull);
        await writers.whenStoreStatus((s) => s.saving === 'ok');
        await expect.poll(async () => (await health(server.url)).status, { timeout: 15_000 }).toBe(200);

        // Restart both: the server killed, PostgreSQL crashed and recovered from its WAL.
        await server.kill();
        await writers.whenAllDisconnected();
        await pg.stop('immediate');
        await pg.start();
        await server.start();
        await expectNothingLost(writers, server.url, id, pg.url);
      } finally {
        await server.kill();
        await pg.destroy();
        await disk.unmount();
      }
    },
  );
});
