// Redis for cluster tests: a reachability probe that says loudly what it skips, unique channel
// prefixes per run, and a way to cut the servers' Redis connections.

import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export const REDIS_URL = process.env.GLOSSA_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

let probed: Promise<{ available: boolean; reason: string }> | null = null;

export async function requireRedis(what: string): Promise<{ available: boolean; reason: string }> {
  probed ??= (async () => {
    const client = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.ping();
      return { available: true, reason: '' };
    } catch (error) {
      return { available: false, reason: `${REDIS_URL} is not reachable: ${(error as Error).message}` };
    } finally {
      client.disconnect();
    }
  })();
  const probe = await probed;
  if (!probe.available) {
    console.warn(
      `\n!!! SKIPPING Redis tests: ${what}\n!!! ${probe.reason}\n!!! Start it with: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no\n`,
    );
  }
  return probe;
}

export function uniquePrefix(): string {
  return `glossa-test-${randomBytes(4).toString('hex')}`;
}

/** Kills every Redis connection Glossa servers opened (named glossa-<instance>); they reconnect by themselves. */
export async function killGlossaRedisConnections(): Promise<number> {
  const admin = new Redis(REDIS_URL);
  try {
    const list = (await admin.client('LIST')) as string;
    const ids = list
      .split('\n')
      .filter((line) => / name=glossa-/.test(line))
      .map((line) => /id=(\d+)/.exec(line)?.[1])
      .filter((id): id is string => !!id);
    for (const id of ids) await admin.client('KILL', 'ID', id);
    return ids.length;
  } finally {
    admin.disconnect();
  }
}
