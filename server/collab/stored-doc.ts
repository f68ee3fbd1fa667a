// Rebuilds a Y.Doc from what the store holds: the snapshot, then the log in order.

import * as Y from 'yjs';
import type { StoredState } from '../storage/store.js';

export function docFromStoredState(stored: StoredState): Y.Doc {
  const doc = new Y.Doc();
  Y.transact(doc, () => {
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
    for (const update of stored.updates) Y.applyUpdate(doc, update);
  });
  return doc;
}
