// The Store contract run against every implementation: SQLite (a temporary file) and
// PostgreSQL (a database of its own per test, dropped afterwards; skipped loudly when absent).

import { join } from 'node:path';
import { afterAll, describe } from 'vitest';
import { PostgresStore } from '../../server/storage/postgres/postgres-store.js';
import { SqliteStore } from '../../server/storage/sqlite/sqlite-store.js';
import type { Store } from '../../server/storage/store.js';
import { freshPostgresDatabase, requirePostgres, type FreshDatabase } from '../support/postgres.js';
import { tempDir } from '../support/temp-dir.js';
import { storeContract, type StoreTarget } from './store-contract.js';
import { historyContract } from './history-contract.js';

const dir = tempDir('glossa-contract-');
const sqlitePaths = new WeakMap<Store, string>();
let files = 0;

const sqlite: StoreTarget = {
  async create(options) {
    const path = join(dir, `store-${files++}.db`);
    const store = new SqliteStore(path, options);
    sqlitePaths.set(store, path);
    return store;
  },
  async reopen(store, options) {
    const path = sqlitePaths.get(store)!;
    const again = new SqliteStore(path, options);
    sqlitePaths.set(again, path);
    return again;
  },
};
storeContract('SQLite', sqlite);
historyContract('SQLite', sqlite);

const postgres = await requirePostgres('the Store contract on PostgreSQL (tests/contract/store.test.ts)');
describe.skipIf(!postgres.available)('PostgreSQL', () => {
  const databases: FreshDatabase[] = [];
  const postgresUrls = new WeakMap<Store, string>();
  afterAll(async () => {
    await Promise.all(databases.map((d) => d.drop()));
  });

  const target: StoreTarget = {
    async create(options) {
      const database = await freshPostgresDatabase();
      databases.push(database);
      const store = await PostgresStore.open(database.url, { poolSize: 4, ...options });
      postgresUrls.set(store, database.url);
      return store;
    },
    async reopen(store, options) {
      const url = postgresUrls.get(store)!;
      const again = await PostgresStore.open(url, { poolSize: 4, ...options });
      postgresUrls.set(again, url);
      return again;
    },
  };
  storeContract('PostgreSQL', target);
  historyContract('PostgreSQL', target);
});
