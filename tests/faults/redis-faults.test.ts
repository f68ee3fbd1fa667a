// Saved means stored when the link between instances fails (issue 23): two instances on one
// PostgreSQL, linked by a private Redis that is killed for 8 s under writers on both. Saving does
// not need Redis, so acknowledgements go on; once Redis is back, every writer on either instance
// holds everything, and the store, read directly, holds every key acknowledged.

import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createDocument } from '../support/test-server.js';
import { expectNothingLost } from './support/fault-checks.js';
import { requirePrivateCluster, startPrivateCluster } from './support/private-cluster.js';
import { startWriters } from './support/writers.js';

const cluster = requirePrivateCluster('Redis stopped under writers on two instances (tests/faults/redis-faults.test.ts)');

describe.skipIf(!cluster.available)('Redis faults', () => {
  it('Redis killed for 8 s under writers on two instances: saving goes on, and everyone converges once it is back', async () => {
    const { pg, redis, instances } = await startPrivateCluster(2);
    const [a, b] = instances as [(typeof instances)[0], (typeof instances)[0]];
    const id = await createDocument(a.url, 'Redis will go away.');
    const onA = startWriters(a.url, id, 5, { prefix: 'a-' });
    const onB = startWriters(b.url, id, 5, { prefix: 'b-' });
    await Promise.all([onA.whenAllConnected(), onB.whenAllConnected()]);
    await Promise.all([onA.whenAckedCount(250), onB.whenAckedCount(250)]);

    await redis.stop('SIGKILL');
    // Storing needs only PostgreSQL: acknowledgements go on on both instances while Redis is away.
    await Promise.all([onA.whenAckedCount(onA.acked().size + 250), onB.whenAckedCount(onB.acked().size + 250)]);
    // Away for 8 s while the writers go on.
    await delay(8_000);
    await redis.start();

    await Promise.all([onA.whenAckedCount(onA.acked().size + 250), onB.whenAckedCount(onB.acked().size + 250)]);
    // Each group against both instances: every writer and both instances hold the same state.
    await expectNothingLost(onA, a.url, id, pg.url);
    await expectNothingLost(onB, b.url, id, pg.url);
    await onA.whenConverged(b.url, id);
    const everything = new Set([...onA.written(), ...onB.written()]);
    for (const { doc } of [...onA.clients, ...onB.clients]) expect(doc.getMap('entries').size).toBe(everything.size);
  });
});
