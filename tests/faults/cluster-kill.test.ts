// Saved means stored when an instance dies (issue 23): three instances on one PostgreSQL, linked by
// Redis, behind a balancer without stickiness; one is killed with SIGKILL under ten writers. Its
// writers reconnect through the balancer to the others by themselves, everyone converges, and the
// store, read directly, holds every key any writer was told is saved.

import { describe, expect, it } from 'vitest';
import { startBalancer } from '../support/tcp-balancer.js';
import { createDocument } from '../support/test-server.js';
import { expectNothingLost } from './support/fault-checks.js';
import { requirePrivateCluster, startPrivateCluster } from './support/private-cluster.js';
import { missingAckedAt } from './support/store-check.js';
import { startWriters } from './support/writers.js';

const cluster = requirePrivateCluster('SIGKILL of one of three instances under writers (tests/faults/cluster-kill.test.ts)');

describe.skipIf(!cluster.available)('an instance killed in a cluster', () => {
  it('SIGKILL of one of three instances behind the balancer: its writers move to the others, nothing acknowledged is lost', async () => {
    const { pg, instances, ports } = await startPrivateCluster(3);
    const balancer = await startBalancer(ports);
    const id = await createDocument(balancer.url, 'One instance will die.');
    // Round robin: each instance serves three or four of the ten.
    const writers = startWriters(balancer.url, id, 10, { prefix: 'lb-' });
    await writers.whenAllConnected();
    await writers.whenAckedCount(500);

    await instances[0]!.kill('SIGKILL');
    // Its writers see their socket end without a close frame, and connect elsewhere again.
    await expect.poll(() => writers.closeCodes(), { timeout: 15_000 }).toContain(1006);
    await writers.whenAllConnected();
    // Whatever was acknowledged before the instance died is stored.
    expect(await missingAckedAt(pg.url, id, writers.acked())).toEqual([]);
    await writers.whenAckedCount(writers.acked().size + 500);

    await expectNothingLost(writers, balancer.url, id, pg.url);
    for (const instance of instances.slice(1)) await writers.whenConverged(instance.url, id);
  });
});
