// Several Glossa instances on a private PostgreSQL, linked by a private Redis, as in production
// (README "Running several instances"), for fault scenarios that stop Redis or kill an instance.

import { type ServerProcess, spawnServer } from '../../support/test-server.js';
import { type PrivatePostgres, requirePrivatePostgres, startPrivatePostgres } from './private-postgres.js';
import { type PrivateRedis, requirePrivateRedis, startPrivateRedis } from './private-redis.js';

export interface PrivateCluster {
  pg: PrivatePostgres;
  redis: PrivateRedis;
  instances: ServerProcess[];
  ports: number[];
}

/** Whether a private cluster can run here; warns loudly naming `what` is skipped when not. */
export function requirePrivateCluster(what: string): { available: boolean } {
  const pg = requirePrivatePostgres(what);
  const redis = requirePrivateRedis(what);
  return { available: pg.available && redis.available };
}

/** Starts PostgreSQL, Redis and `count` instances (the first alone, so migrations run once first). */
export async function startPrivateCluster(count: number): Promise<PrivateCluster> {
  const [pg, redis] = await Promise.all([startPrivatePostgres(), startPrivateRedis()]);
  const env = { DATABASE_URL: pg.url, REDIS_URL: redis.url };
  const instances = [await spawnServer(env)];
  instances.push(...(await Promise.all(Array.from({ length: count - 1 }, () => spawnServer(env)))));
  return { pg, redis, instances, ports: instances.map((i) => Number(new URL(i.url).port)) };
}
