// Picks the Store implementation for a configured location.

import type { StoreLocation } from '../config.js';
import { SqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

export function openStore(location: StoreLocation): Store {
  switch (location.kind) {
    case 'sqlite':
      return new SqliteStore(location.path);
  }
}
