// Rate limits as a token bucket: a budget of `perSecond` that refills continuously, so a burst is
// bounded too (a fixed one-second window let twice the budget through across its edge). Also tells
// how long a sender has been over without a rest, so a limit can pace or thin a burst and end only
// a sender that keeps it up.

export class TokenBucket {
  private tokens: number;
  private last: number;
  /** When the sender first ran out, since the bucket was last full again. */
  private overSince: number | null = null;

  constructor(
    private readonly perSecond: number,
    now = Date.now(),
  ) {
    this.tokens = perSecond;
    this.last = now;
  }

  private refill(now: number): void {
    this.tokens = Math.min(this.perSecond, this.tokens + ((now - this.last) * this.perSecond) / 1000);
    this.last = now;
    if (this.tokens >= this.perSecond) this.overSince = null;
  }

  /**
   * Takes `amount`; false (taking nothing) when the budget does not hold it. One amount larger than
   * the whole budget is taken from a full bucket, leaving a debt that paces what follows.
   */
  take(amount = 1, now = Date.now()): boolean {
    this.refill(now);
    if (this.tokens >= Math.min(amount, this.perSecond)) {
      this.tokens -= amount;
      return true;
    }
    this.overSince ??= now;
    return false;
  }

  /** Milliseconds until `amount` could be taken. */
  waitFor(amount: number, now = Date.now()): number {
    this.refill(now);
    const missing = Math.min(amount, this.perSecond) - this.tokens;
    return missing <= 0 ? 0 : Math.ceil((missing * 1000) / this.perSecond);
  }

  /** How long the sender has been over budget with no full refill since; 0 when it is not. */
  overFor(now = Date.now()): number {
    this.refill(now);
    return this.overSince === null ? 0 : now - this.overSince;
  }
}
