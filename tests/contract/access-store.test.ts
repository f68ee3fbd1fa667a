// The AccessStore contract on SQLite (a temporary file) and PostgreSQL (a database of its own
// per test, dropped afterwards; skipped loudly when absent).

import { join } from 'node:path';
import { afterAll, describe } from 'vitest';
import { PostgresStore } from '../../server/storage/postgres/postgres-store.js';
import { SqliteStore } from '../../server/storage/sqlite/sqlite-store.js';
import { freshPostgresDatabase, requirePostgres, type FreshDatabase } from '../support/postgres.js';
import { tempDir } from '../support/temp-dir.js';
import { accessContract } from './access-contract.js';

const dir = tempDir('glossa-access-contract-');
let files = 0;
accessContract('SQLite', async () => new SqliteStore(join(dir, `access-${files++}.db`)));

const postgres = await requirePostgres('the AccessStore contract on PostgreSQL (tests/contract/access-store.test.ts)');

describe.skipIf(!postgres.available)('PostgreSQL', () => {
  const databases: FreshDatabase[] = [];
  afterAll(async () => {
    await Promise.all(databases.map((d) => d.drop()));
  });
  accessContract('PostgreSQL', async () => {
    const database = await freshPostgresDatabase();
    databases.push(database);
    return PostgresStore.open(database.url, { poolSize: 2 });
  });
});
