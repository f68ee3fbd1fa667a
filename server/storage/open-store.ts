// Picks and opens the Store implementation for a configured location (migrations included).

import type { StoreLocation } from '../config.js';
import type { Logger } from '../logger.js';
import { SqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

export interface OpenStoreOptions {
  /** Start the store's background threads now, not on first use. */
  threadsAtOpen?: boolean;
  keepHistory?: boolean;
}

export async function openStore(location: StoreLocation, log: Logger, { threadsAtOpen = false, keepHistory = true }: OpenStoreOptions = {}): Promise<Store> {
  switch (location.kind) {
    case 'sqlite':
      return new SqliteStore(location.path, {
        keepHistory,
        checkpointThreadAtOpen: threadsAtOpen,
        onCheckpointError: (error) => log.warn({ err: error }, 'the SQLite checkpoint thread failed; SQLite checkpoints in commits instead'),
      });
    case 'postgres': {
      const { PostgresStore } = await import('./postgres/postgres-store.js');
      return PostgresStore.open(location.url, {
        keepHistory,
        // The pool drops the connection and opens a new one; say so, the database may be restarting.
        onConnectionError: (error) => log.warn({ err: error.message }, 'PostgreSQL connection lost'),
      });
    }
  }
}
