// Work that can wait for a pause in a room's edits. A merge (a fold, a compaction) takes a core for
// a while; on a busy machine that core is one the relay of the next edits needed (benchmark A's
// rounds that a merge overlapped were slower: docs/benchmarks-history.md). Edits come in
// bursts (people pause), so waiting for the pause costs little; but what waits is memory (a room's
// unfolded edits, deleted content and all), so under edits that never pause it waits only so long.

export class QuietTimer {
  private lastActivity = 0;
  /** When the run now waiting was asked for. */
  private scheduledAt = 0;
  private timer: NodeJS.Timeout | null = null;

  /**
   * `run` is called once `quietMs` have passed with no `touch` after a `schedule`, or `maxWaitMs`
   * after the `schedule`, whichever comes first.
   */
  constructor(
    private readonly quietMs: number,
    private readonly maxWaitMs: number,
    private readonly run: () => void,
  ) {}

  /** Something happened: the quiet starts again from now. */
  touch(): void {
    this.lastActivity = performance.now();
  }

  /** Calls `run` at the next quiet moment (once, however often this is called before it). */
  schedule(): void {
    if (this.timer) return;
    this.scheduledAt = performance.now();
    this.wait(this.quietMs - (this.scheduledAt - this.lastActivity));
  }

  /** Whether a `run` is waiting for quiet. */
  get pending(): boolean {
    return this.timer !== null;
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  // One timer re-armed for what is left, rather than one reset per edit: a busy room touches this
  // hundreds of times a second.
  private wait(ms: number): void {
    this.timer = setTimeout(
      () => {
        this.timer = null;
        const now = performance.now();
        const left = Math.min(this.quietMs - (now - this.lastActivity), this.maxWaitMs - (now - this.scheduledAt));
        if (left > 0) this.wait(left);
        else this.run();
      },
      Math.max(0, ms),
    );
    this.timer.unref();
  }
}
