// Background compaction of documents nobody has open here, so that a log left behind
// (by a crash, say) does not slow the next load. The same pass records what the documents list
// shows of them (counts, activity) where that may be out of date: after such a log, and for
// documents stored before the list showed activity.

import type { ClusterBus } from '../cluster/cluster-bus.js';
import type { Logger } from '../logger.js';
import type { Store } from '../storage/store.js';
import type { RoomRegistry } from './room-registry.js';
import { withCompactionLock } from './compaction-lock.js';
import type { StateMerger } from './merge/index.js';
import { storeSnapshot } from './room-compaction.js';

/** Folds a closed document's log into its snapshot. Safe while others append: their rows have higher ids. */
export async function compactStoredDocument(store: Store, documentId: string, merger: StateMerger): Promise<boolean> {
  const stored = await store.loadState(documentId);
  if (!stored || stored.updates.length === 0) return false;
  await storeSnapshot(store, merger, documentId, await merger.collect(stored), stored.lastUpdateId);
  return true;
}

/** Records what the documents list shows of a closed document, read from the store. */
export async function summarizeStoredDocument(store: Store, documentId: string, merger: StateMerger): Promise<boolean> {
  const stored = await store.loadState(documentId);
  if (!stored) return false;
  await store.setSummary(documentId, await merger.summarize(stored));
  return true;
}

export class CompactionSweep {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly store: Store,
    private readonly registry: RoomRegistry,
    private readonly intervalMs: number,
    private readonly merger: StateMerger,
    private readonly log: Logger,
    private readonly bus: ClusterBus | null = null,
  ) {}

  start(): void {
    if (this.intervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => void this.runOnce(), this.intervalMs);
    this.timer.unref();
  }

  /** One pass over every closed document with a log; resolves when done. */
  runOnce(): Promise<void> {
    this.running ??= this.sweep().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async sweep(): Promise<void> {
    const ids = await this.store.documentsWithLog(1);
    const unsummarized = new Set(await this.store.documentsWithoutActivity());
    for (const id of ids) {
      if (this.registry.isOpen(id)) continue;
      try {
        // The same lock as rooms take: the document may be open on another instance.
        const compacted = await withCompactionLock(this.bus, id, async () => {
          if (!(await compactStoredDocument(this.store, id, this.merger))) return false;
          // A log left behind never reached the summary a room records when it unloads.
          await summarizeStoredDocument(this.store, id, this.merger);
          return true;
        });
        if (compacted === true) {
          this.log.debug({ documentId: id }, 'compacted closed document');
          unsummarized.delete(id);
        }
      } catch (error) {
        this.log.warn({ err: error, documentId: id }, 'background compaction failed');
      }
    }
    for (const id of unsummarized) {
      if (this.registry.isOpen(id)) continue;
      try {
        await summarizeStoredDocument(this.store, id, this.merger);
      } catch (error) {
        this.log.warn({ err: error, documentId: id }, 'summarizing a document failed');
      }
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
