// Counts events in one-second windows: cheap enough to run on every frame. Also tells how long a
// sender has been over its budget without a break, so a limit can drop a burst and close only a
// sender that keeps it up.

export class RateWindow {
  private windowStart = 0;
  private used = 0;
  /** Start of the first window in the current unbroken run of windows over the budget. */
  private overSince: number | null = null;

  constructor(private readonly perSecond: number) {}

  /** Adds `amount`; false when the current second's budget is exceeded. */
  take(amount = 1, now = Date.now()): boolean {
    if (now - this.windowStart >= 1000) {
      // A window under budget, or a gap of more than a window, ends the run.
      const wasOver = this.used > this.perSecond && now - this.windowStart < 2000;
      if (!wasOver) this.overSince = null;
      this.windowStart = now;
      this.used = 0;
    }
    this.used += amount;
    if (this.used <= this.perSecond) return true;
    this.overSince ??= this.windowStart;
    return false;
  }

  /** How long the sender has been over budget in every window, back to back; 0 when it is not. */
  overFor(now = Date.now()): number {
    return this.overSince === null ? 0 : now - this.overSince;
  }
}
