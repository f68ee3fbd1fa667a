// Updates kept back to back in one buffer. A room appends every edit it relays until its next
// fold; as separate Uint8Arrays each would cost an object and an allocation of its own (about
// 200 bytes beyond its data, and scattered native memory), here it costs its bytes and an offset.

const MIN_CAPACITY = 1024;

export class UpdateArena {
  private buffer = new Uint8Array(MIN_CAPACITY);
  private used = 0;
  /** Where each update ends in `buffer`. */
  private readonly ends: number[] = [];

  get count(): number {
    return this.ends.length;
  }

  /** Bytes held: the updates and their offsets. */
  get cost(): number {
    return this.used + this.ends.length * 8;
  }

  /** Copies `update` in: the caller's buffer (often a socket's receive buffer) is not kept. */
  push(update: Uint8Array): void {
    const needed = this.used + update.byteLength;
    if (needed > this.buffer.byteLength) {
      const grown = new Uint8Array(Math.max(needed, this.buffer.byteLength * 2));
      grown.set(this.buffer.subarray(0, this.used));
      this.buffer = grown;
    }
    this.buffer.set(update, this.used);
    this.used = needed;
    this.ends.push(needed);
  }

  /** The updates, in order, as views into the buffer (a push never changes bytes already in it). */
  views(): Uint8Array[] {
    return this.ends.map((end, i) => this.buffer.subarray(i === 0 ? 0 : this.ends[i - 1], end));
  }

  /** A new arena with the updates from the `first`-th on (those a fold did not take in); null if none. */
  from(first: number): UpdateArena | null {
    if (first >= this.ends.length) return null;
    const rest = new UpdateArena();
    for (const update of this.views().slice(first)) rest.push(update);
    return rest;
  }
}
