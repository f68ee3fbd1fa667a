// Reads what a store really holds, bypassing the server: the fault scenarios' final word on whether
// an acknowledged key was stored.

import * as Y from 'yjs';
import { loadConfig } from '../../../server/config.js';
import { SqliteStore } from '../../../server/storage/sqlite/sqlite-store.js';
import type { Store } from '../../../server/storage/store.js';

/**
 * Acknowledged keys that the document's `entries` map does not hold when rebuilt from the store's
 * snapshot and update log alone (an update whose predecessors are missing does not apply, so its
 * keys count as missing too). Sorted; empty when nothing acknowledged was lost.
 */
export async function missingAcked(store: Store, documentId: string, acked: Set<string>): Promise<string[]> {
  const state = await store.loadState(documentId);
  if (!state) throw new Error(`store-check: document ${documentId} is not in the store at all`);
  const doc = new Y.Doc();
  try {
    if (state.snapshot) Y.applyUpdate(doc, state.snapshot);
    for (const update of state.updates) Y.applyUpdate(doc, update);
    const entries = doc.getMap('entries');
    return [...acked].filter((key) => !entries.has(key)).sort();
  } finally {
    doc.destroy();
  }
}

/**
 * Whether the update log was written in order: replays the snapshot, then each row in turn, and
 * returns the positions (0 = the first row after the snapshot) of rows that left changes pending,
 * i.e. that needed changes only later rows hold (a backlog stored out of order). Empty when in order.
 */
export async function rowsOutOfOrder(store: Store, documentId: string): Promise<number[]> {
  const state = await store.loadState(documentId);
  if (!state) throw new Error(`store-check: document ${documentId} is not in the store at all`);
  const doc = new Y.Doc();
  try {
    if (state.snapshot) Y.applyUpdate(doc, state.snapshot);
    const late: number[] = [];
    state.updates.forEach((update, row) => {
      Y.applyUpdate(doc, update);
      if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) late.push(row);
    });
    return late;
  } finally {
    doc.destroy();
  }
}

/**
 * Opens the store at `databaseUrl` (a SQLite path or file: URL, or postgres://…) as the server
 * would, but without background threads, PostgreSQL migrations or a large pool. The caller closes it.
 * A SQLite file is best opened after its server stopped (opening it applies pending migrations).
 */
export async function openStoreAt(databaseUrl: string): Promise<Store> {
  const location = loadConfig({ DATABASE_URL: databaseUrl }).store;
  switch (location.kind) {
    case 'sqlite':
      return new SqliteStore(location.path);
    case 'postgres': {
      const { PostgresStore } = await import('../../../server/storage/postgres/postgres-store.js');
      return PostgresStore.open(location.url, { migrate: false, poolSize: 2 });
    }
  }
}

/** Opens the store at `databaseUrl`, lists the acknowledged keys it misses, and closes it. */
export async function missingAckedAt(databaseUrl: string, documentId: string, acked: Set<string>): Promise<string[]> {
  const store = await openStoreAt(databaseUrl);
  try {
    return await missingAcked(store, documentId, acked);
  } finally {
    await store.close();
  }
}
