// One document compacts on one instance at a time: the room and the idle sweep take the same lock.

import type { ClusterBus } from '../cluster/cluster-bus.js';

// Longer than any compaction takes; a holder that dies frees it after this.
const COMPACTION_LOCK_MS = 60_000;

/**
 * Runs `compact` holding the document's compaction lock (no lock without a bus: one instance).
 * Resolves with `skipped` when another instance holds it; throws what `compact` throws.
 */
export async function withCompactionLock<T>(bus: ClusterBus | null, documentId: string, compact: () => Promise<T>): Promise<T | 'skipped'> {
  if (!bus) return compact();
  const release = await bus.tryLock(`compact:${documentId}`, COMPACTION_LOCK_MS).catch(() => null);
  if (!release) return 'skipped';
  try {
    return await compact();
  } finally {
    await release().catch(() => undefined);
  }
}
