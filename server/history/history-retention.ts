// Retention (HISTORY_DETAIL_DAYS): changes older than N days are kept as one row per day, the merge of
// that day's updates, so the document as of the end of each day stays exact while the detail within
// it (who did what, each step) goes. Only rows the snapshot already stands for are touched: loads
// never read them, so a live document is unaffected.

import * as Y from 'yjs';
import type { Logger } from '../logger.js';
import type { CondensedRun, RecordedUpdate } from '../storage/history-store.js';
import type { Store } from '../storage/store.js';
import type { HistoryService } from './history-service.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Consecutive rows of one UTC day, as runs to condense (a day of one row is left as it is). */
export function dayRuns(rows: readonly RecordedUpdate[]): CondensedRun[] {
  const runs: CondensedRun[] = [];
  let day: RecordedUpdate[] = [];
  const close = () => {
    if (day.length > 1)
      runs.push({ fromRowId: day[0]!.rowId, toRowId: day.at(-1)!.rowId, update: Y.mergeUpdates(day.map((r) => r.update)), at: day.at(-1)!.at });
    day = [];
  };
  for (const row of rows) {
    if (day.length > 0 && Math.floor(day[0]!.at.getTime() / DAY_MS) !== Math.floor(row.at.getTime() / DAY_MS)) close();
    day.push(row);
  }
  close();
  return runs;
}

export class HistoryRetention {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly store: Store,
    private readonly history: HistoryService,
    private readonly detailDays: number,
    private readonly intervalMs: number,
    private readonly log: Logger,
  ) {}

  start(): void {
    if (this.intervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => void this.runOnce(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One pass over every document; resolves with how many rows were condensed away. */
  runOnce(now = new Date()): Promise<number> {
    this.running ??= this.pass(new Date(now.getTime() - this.detailDays * DAY_MS)).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pass(cutoff: Date): Promise<number> {
    let removed = 0;
    for (const id of await this.store.history.documentsWithFoldedBefore(cutoff)) {
      try {
        const rows = await this.store.history.record(id, { foldedBefore: cutoff });
        const runs = dayRuns(rows ?? []);
        if (runs.length === 0) continue;
        await this.store.history.condense(id, runs);
        await this.history.invalidate(id);
        removed += runs.reduce((sum, run) => sum + rowsIn(rows!, run) - 1, 0);
      } catch (error) {
        this.log.warn({ err: error, documentId: id }, 'could not condense the history past its retention; tried again at the next pass');
      }
    }
    return removed;
  }
}

function rowsIn(rows: readonly RecordedUpdate[], run: CondensedRun): number {
  return rows.filter((r) => r.rowId >= run.fromRowId && r.rowId <= run.toRowId).length;
}
