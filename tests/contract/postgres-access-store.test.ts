// The AccessStore contract on PostgreSQL (a database of its own per test; skipped loudly when absent).

import { afterAll, describe } from 'vitest';
import { PostgresStore } from '../../server/storage/postgres/postgres-store.js';
import { freshPostgresDatabase, requirePostgres, type FreshDatabase } from '../support/postgres.js';
import { accessContract } from './access-contract.js';

const postgres = await requirePostgres('the AccessStore contract on PostgreSQL (tests/contract/postgres-access-store.test.ts)');

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
