// When a room's Y.Doc goes back to bytes: once the server has not read or changed it for a while
// (dormantAfterMs), and not while it has something in hand (unstored edits, a compaction).

export class Dormancy {
  private lastUsedAt = 0;
  private timer: NodeJS.Timeout | null = null;

  /** `sleep` puts the content back to bytes, or says the room is busy and it should be tried again. */
  constructor(
    private readonly afterMs: number,
    private readonly sleep: () => 'slept' | 'busy',
  ) {}

  /** The server read or changed the content. */
  used(): void {
    this.lastUsedAt = Date.now();
  }

  /** The Y.Doc was built: it sleeps once unused for long enough. */
  woke(): void {
    this.schedule(this.afterMs);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(delay: number): void {
    if (this.afterMs <= 0 || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      const quietFor = Date.now() - this.lastUsedAt;
      if (quietFor < this.afterMs) this.schedule(this.afterMs - quietFor);
      else if (this.sleep() === 'busy') this.schedule(1);
    }, delay);
    this.timer.unref();
  }
}
