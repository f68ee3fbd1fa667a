// Merges wait for a pause in a room's edits, but never longer than the room can hold its edits.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QuietTimer } from '../../../../../server/collab/merge/quiet-timer.js';

describe('QuietTimer', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** An edit every `everyMs` for `forMs` (of fake time). */
  function editFor(timer: QuietTimer, everyMs: number, forMs: number): void {
    for (let t = 0; t < forMs; t += everyMs) {
      timer.touch();
      vi.advanceTimersByTime(everyMs);
    }
  }

  it('runs once the edits have paused for the quiet time, and once however often it was asked', () => {
    const runs: number[] = [];
    const timer = new QuietTimer(100, 1000, () => runs.push(performance.now()));
    timer.touch();
    timer.schedule();
    editFor(timer, 20, 500);
    timer.schedule();
    expect(runs).toEqual([]);
    const lastEdit = performance.now() - 20;
    vi.advanceTimersByTime(200);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toBeGreaterThanOrEqual(lastEdit + 100);
    expect(timer.pending).toBe(false);
  });

  it('runs after the longest wait under edits that never pause', () => {
    const runs: number[] = [];
    const timer = new QuietTimer(100, 1000, () => runs.push(performance.now()));
    const start = performance.now();
    timer.touch();
    timer.schedule();
    editFor(timer, 20, 3000);
    expect(runs).toHaveLength(1);
    expect(runs[0]! - start).toBeGreaterThanOrEqual(1000);
    expect(runs[0]! - start).toBeLessThan(1100);
  });

  it('does not run once cancelled', () => {
    const runs: number[] = [];
    const timer = new QuietTimer(100, 1000, () => runs.push(performance.now()));
    timer.schedule();
    timer.cancel();
    vi.advanceTimersByTime(2000);
    expect(runs).toEqual([]);
  });
});
