// Picks and opens the Store implementation for a configured location (migrations included).

import type { StoreLocation } from '../config.js';
import { SqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

export async function openStore(location: StoreLocation): Promise<Store> {
  switch (location.kind) {
    case 'sqlite':
      return new SqliteStore(location.path);
    case 'postgres': {
      const { PostgresStore } = await import('./postgres/postgres-store.js');
      return PostgresStore.open(location.url);
    }
  }
}
