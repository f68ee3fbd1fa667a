// Issue 23, "Saved means stored, whatever fails": kill -9 of a SQLite server under ten stock writers,
// four times at random moments. Whatever a writer was told is saved is in the file when the process
// dies; the writers reconnect by themselves to the server restarted on the same port, and everyone
// ends up with the same document.

import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp-dir.js';
import { createDocument, spawnServer } from '../support/test-server.js';
import { missingAckedAt } from './support/store-check.js';
import { freePort, startWriters } from './support/writers.js';

const KILLS = 4;

describe('SQLite: kill -9 under writes', () => {
  it('loses nothing acknowledged over four kills, and every stock writer reconnects by itself', async () => {
    const port = await freePort();
    const db = join(tempDir(), 'glossa.db');
    const env = { DATABASE_URL: db, PORT: String(port) };
    let server = await spawnServer(env);
    const id = await createDocument(server.url, 'Killed under writes, again and again.');
    const writers = startWriters(server.url, id, 10, { perSecond: 10 });
    await writers.whenAllConnected();

    const missing: string[][] = [];
    for (let kill = 1; kill <= KILLS; kill++) {
      // A random moment under writes: after a random number of further acknowledgements, and a
      // random part of a group commit later.
      await writers.whenAckedCount(writers.acked().size + 50 + Math.floor(Math.random() * 350));
      await delay(Math.random() * 50);
      const killedAt = performance.now();
      await server.kill('SIGKILL');
      // Acknowledgements already on their way are read before the sockets report their close.
      await writers.whenAllDisconnected();
      const acked = writers.acked();
      const lost = await missingAckedAt(db, id, acked);
      missing.push(lost);
      const checkedAt = performance.now();
      server = await spawnServer(env);
      const listeningAt = performance.now();
      await writers.whenAllConnected();
      console.log(
        `kill ${kill}: ${acked.size} of ${writers.written().size} keys acknowledged, ${lost.length} of them missing from the file; ` +
          `checked in ${ms(checkedAt - killedAt)}, restarted in ${ms(listeningAt - checkedAt)}, all writers back in ${ms(performance.now() - listeningAt)}`,
      );
    }

    // Quiet: everything written reaches the server and is acknowledged, and everyone agrees.
    writers.pause();
    await writers.whenAllAcked();
    await writers.whenConverged(server.url, id);
    await server.kill('SIGKILL');
    await writers.whenAllDisconnected();
    missing.push(await missingAckedAt(db, id, writers.acked()));
    server = await spawnServer(env);
    await writers.whenAllConnected();
    await writers.whenConverged(server.url, id);

    expect(missing.map((keys) => keys.slice(0, 10))).toEqual(missing.map(() => []));
    expect(writers.acked().size).toBe(writers.written().size);
    expect(writers.everGaveUp()).toBe(false);
    expect(writers.closeCodes().filter((code) => code >= 4400 && code < 4500)).toEqual([]);
    expect(writers.connectedCount()).toBe(10);
  });
});

function ms(duration: number): string {
  return `${Math.round(duration)} ms`;
}
