// The Redis link between instances: per-document channels that skip their origin, and the
// compaction lock that only one instance holds at a time.

import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import type { ClusterMessage } from '../../server/cluster/cluster-bus.js';
import { RedisBus } from '../../server/cluster/redis-bus.js';
import { REDIS_URL, requireRedis, uniquePrefix } from '../support/redis.js';

const redis = await requireRedis('the Redis cluster bus (tests/integration/redis-bus.test.ts)');

describe.skipIf(!redis.available)('RedisBus', async () => {
  const prefix = uniquePrefix();
  const log = pino({ level: 'silent' });
  const a = redis.available ? await RedisBus.connect(REDIS_URL, prefix, log) : null;
  const b = redis.available ? await RedisBus.connect(REDIS_URL, prefix, log) : null;
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('delivers a document’s messages to the other instances, not back to the sender', async () => {
    const atA: ClusterMessage[] = [];
    const atB: ClusterMessage[] = [];
    await a!.subscribe('doc-1', (m) => atA.push(m));
    let gotDoc1!: () => void;
    let gotDoc2!: () => void;
    const received = new Promise<void>((resolve) => (gotDoc1 = resolve));
    const other = new Promise<void>((resolve) => (gotDoc2 = resolve));
    // Subscriptions are active once subscribe() resolves; only then is publishing meaningful.
    await b!.subscribe('doc-1', (m) => {
      atB.push(m);
      gotDoc1();
    });
    await b!.subscribe('doc-2', () => gotDoc2());
    a!.publish('doc-1', { kind: 'update', update: new Uint8Array([1, 2, 3]) });
    await received;
    expect(atB).toEqual([{ kind: 'update', update: new Uint8Array([1, 2, 3]) }]);
    // A message on another document's channel proves ordering: by then doc-1's echo would have come.
    b!.publish('doc-2', { kind: 'access-changed' });
    a!.publish('doc-2', { kind: 'deleted' });
    await other;
    expect(atA).toEqual([]);
  });

  it('lets one instance at a time hold the compaction lock', async () => {
    const release = await a!.tryLock('compact:doc-1', 10_000);
    expect(release).not.toBeNull();
    expect(await b!.tryLock('compact:doc-1', 10_000)).toBeNull();
    await release!();
    const again = await b!.tryLock('compact:doc-1', 10_000);
    expect(again).not.toBeNull();
    // A's stale release must not free B's lock.
    await release!();
    expect(await a!.tryLock('compact:doc-1', 10_000)).toBeNull();
    await again!();
  });
});
