// Glossa as users run it (`npm start`): the server compiled to dist/node, default SQLite store,
// durable log on, open mode (no token), default limits.

import { createHash } from 'node:crypto';
import { basename, join } from 'node:path';
import pg from 'pg';
import { spawnServer } from './child.js';
import { compiledGlossaAt, compiledGlossaEntry } from './compiled-glossa.js';
import type { RunningServer, ServerSpec, StartContext } from './types.js';

const ROOM_IDLE_MS = 5_000; // the server's default; the harness does not change it

async function createDocuments(baseUrl: string, count: number, text: string): Promise<string[]> {
  const ids: string[] = [];
  const concurrency = 8;
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const response = await fetch(`${baseUrl}/api/documents`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title: `bench ${index}`, text }),
      });
      if (response.status !== 201) throw new Error(`POST /api/documents: ${response.status} ${await response.text()}`);
      ids[index] = ((await response.json()) as { id: string }).id;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return ids;
}

/** Where a Glossa's store lives: a SQLite file in the run's data directory, or a PostgreSQL database. */
interface StoreChoice {
  /** DATABASE_URL for a run's data directory (the same directory again: the same store). */
  url(dataDir: string): Promise<string>;
  dispose?(dataDir: string): Promise<void>;
}

const SQLITE: StoreChoice = { url: async (dataDir) => join(dataDir, 'glossa.db') };

// The local PostgreSQL (trust auth), as the tests and `bench:cluster` use it.
const POSTGRES_ADMIN_URL = process.env.GLOSSA_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function postgresAdmin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** One fresh database per run, named after the run's data directory; dropped when the run is over. */
const POSTGRES: StoreChoice = {
  async url(dataDir) {
    const name = postgresDatabase(dataDir);
    await postgresAdmin(`create database ${name}`).catch((error: { code?: string }) => {
      if (error.code !== '42P04') throw error; // exists: a restart of the same run
    });
    const url = new URL(POSTGRES_ADMIN_URL);
    url.pathname = `/${name}`;
    return url.href;
  },
  async dispose(dataDir) {
    await postgresAdmin(`drop database if exists ${postgresDatabase(dataDir)} with (force)`);
  },
};

function postgresDatabase(dataDir: string): string {
  return `glossa_bench_${createHash('sha1').update(basename(dataDir)).digest('hex').slice(0, 16)}`;
}

/** Glossa compiled by `entry`, with `settings` added to its environment (none: as users run it). */
function glossaSpec(
  id: string,
  label: string,
  settings: Record<string, string>,
  entry: () => string = compiledGlossaEntry,
  store: StoreChoice = SQLITE,
): ServerSpec {
  return {
    id,
    label,
    protocol: 'y-websocket',
    persistent: true,
    yjs: true,
    seedsText: false,
    unloadAfterMs: ROOM_IDLE_MS,
    savedAck: true,
    async start(ctx: StartContext): Promise<RunningServer> {
      const profile = ctx.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${ctx.profileDir}`] : [];
      const imports = (ctx.imports ?? []).flatMap((module) => ['--import', module]);
      const databaseUrl = await store.url(ctx.dataDir);
      const child = await spawnServer({
        nodeArgs: [...imports, ...profile],
        script: entry(),
        env: {
          HOST: '127.0.0.1',
          PORT: String(ctx.port ?? 0),
          DATABASE_URL: databaseUrl,
          LOG_LEVEL: process.env.BENCH_SERVER_LOG ? (process.env.LOG_LEVEL ?? 'debug') : 'silent',
          SEED_SAMPLE: 'false',
          ...settings,
          ...ctx.env,
        },
        ready: /Glossa is listening on (http:\/\/127\.0\.0\.1:(\d+))/,
      });
      const baseUrl = child.ready[1]!;
      return {
        pid: child.pid,
        providerUrl: `${baseUrl.replace(/^http/, 'ws')}/collab`,
        createDocuments: (count, text) => createDocuments(baseUrl, count, text),
        collectGarbage: () => child.collectGarbage(),
        stop: () => child.stop(),
        kill: () => child.kill(),
        port: Number(child.ready[2]),
        httpUrl: baseUrl,
        databaseUrl,
      };
    },
    dispose: store.dispose,
  };
}

export const glossa: ServerSpec = glossaSpec('glossa', 'Glossa (SQLite)', {});

/**
 * Glossa on the local PostgreSQL (127.0.0.1:5432, user postgres, trust auth; GLOSSA_BENCH_POSTGRES_URL
 * to change), a fresh database per run. Only when asked for by name (`--servers glossa,glossa-pg`).
 */
export const glossaPostgres: ServerSpec = glossaSpec('glossa-pg', 'Glossa (PostgreSQL)', {}, compiledGlossaEntry, POSTGRES);

/**
 * Glossa with some settings changed (`--variant NAME=VALUE`), measured beside the one users run in
 * the same interleaved run: on a machine whose speed drifts, the way to tell whether a setting helps.
 */
export function glossaVariant(settings: Record<string, string>): ServerSpec {
  const label = `Glossa, ${Object.entries(settings)
    .map(([name, value]) => `${name}=${value}`)
    .join(' ')}`;
  return glossaSpec('glossa-variant', label, settings);
}

/**
 * Glossa as it was at an earlier commit (`--against REV`), measured beside the work tree's in the
 * same interleaved run: whether a change helps, on a machine whose speed drifts between minutes.
 */
export function glossaAt(rev: string, buildsDir: string): ServerSpec {
  const { commit, entry } = compiledGlossaAt(rev, buildsDir);
  return glossaSpec('glossa-before', `Glossa at ${commit.slice(0, 7)}`, {}, () => entry);
}
