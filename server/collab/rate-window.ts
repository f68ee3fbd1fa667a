// Counts events in one-second windows: cheap enough to run on every frame.

export class RateWindow {
  private windowStart = 0;
  private used = 0;

  constructor(private readonly perSecond: number) {}

  /** Adds `amount`; false when the current second's budget is exceeded. */
  take(amount = 1, now = Date.now()): boolean {
    if (now - this.windowStart >= 1000) {
      this.windowStart = now;
      this.used = 0;
    }
    this.used += amount;
    return this.used <= this.perSecond;
  }
}
