// Throwaway PostgreSQL databases for tests: each caller gets its own database, dropped afterwards.
//
//   const pg = await probePostgres();                 // once, at the top of a test file
//   describe.skipIf(!pg.available)('…', () => { … });  // loud warning printed when skipped
//   const db = await freshPostgresDatabase();          // { url, name, drop() }
//
// The server is found through GLOSSA_TEST_POSTGRES_URL (its maintenance database), by default
// postgres://postgres@127.0.0.1:5432/postgres (trust auth, as on the CI machines).

import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const POSTGRES_ADMIN_URL = process.env.GLOSSA_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface PostgresProbe {
  available: boolean;
  /** Why it is not available; empty when it is. */
  reason: string;
}

let probed: Promise<PostgresProbe> | null = null;

/** Whether the test PostgreSQL server answers (cached per process). */
export function probePostgres(): Promise<PostgresProbe> {
  probed ??= (async () => {
    const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 3000 });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.query('select 1');
      return { available: true, reason: '' };
    } catch (error) {
      return { available: false, reason: `${POSTGRES_ADMIN_URL} is not reachable: ${(error as Error).message}` };
    } finally {
      await client.end().catch(() => {});
    }
  })();
  return probed;
}

/**
 * Probes PostgreSQL and, when it is absent, warns loudly naming what will be skipped.
 * Use the result with describe.skipIf(!probe.available) / it.skipIf.
 */
export async function requirePostgres(what: string): Promise<PostgresProbe> {
  const probe = await probePostgres();
  if (!probe.available) {
    console.warn(
      `\n!!! SKIPPING PostgreSQL tests: ${what}\n!!! ${probe.reason}\n` +
        `!!! Start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start\n`,
    );
  }
  return probe;
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 5000 });
  client.on('error', () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

export interface FreshDatabase {
  /** Connection URL of the new, empty database. */
  url: string;
  name: string;
  /** Ends every connection to the database and drops it. Safe to call twice. */
  drop(): Promise<void>;
}

/** Creates an empty database `glossa_test_<random>` on the test server. */
export async function freshPostgresDatabase(): Promise<FreshDatabase> {
  const name = `glossa_test_${randomBytes(6).toString('hex')}`;
  await admin((client) => client.query(`create database ${name}`));
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  let dropped: Promise<void> | null = null;
  return {
    url: url.toString(),
    name,
    drop() {
      dropped ??= admin(async (client) => {
        await client.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name]);
        // FORCE also ends connections opened since (PostgreSQL 13+).
        await client.query(`drop database if exists ${name} with (force)`);
      });
      return dropped;
    },
  };
}

/** Runs one statement against a test database on a connection of its own (not the store's pool). */
export async function queryDatabase<R extends pg.QueryResultRow = pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on('error', () => {});
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end().catch(() => {});
  }
}
