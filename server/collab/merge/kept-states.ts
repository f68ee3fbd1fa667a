// States the merge thread keeps between requests: the main thread would otherwise copy a large
// state into every request on it (each reconnecting client's diff, each fold onto the same base),
// holding up every edit for each copy.

/** States smaller than this are cheaper to send again than to keep. */
export const KEEP_MIN_BYTES = 256 * 1024;

/** The most recently used states, up to a total size; the rest are forgotten (and sent again if needed). */
export class KeptStates {
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
  private readonly states = new Map<number, Uint8Array>();
  private bytes = 0;
  private nextKey = 1;

  constructor(private readonly maxBytes: number) {}

  /** Keeps `state` (which must not change afterwards); returns the key to ask for it by. */
  keep(state: Uint8Array): number {
    const key = this.nextKey++;
    this.states.set(key, state);
    this.bytes += state.byteLength;
    for (const [oldest, kept] of this.states) {
      if (this.bytes <= this.maxBytes || oldest === key) break;
      this.states.delete(oldest);
      this.bytes -= kept.byteLength;
    }
    return key;
  }

  /** The state kept under `key`, or undefined if it was forgotten. */
  get(key: number): Uint8Array | undefined {
    const state = this.states.get(key);
    if (state) {
      this.states.delete(key);
      this.states.set(key, state);
    }
    return state;
  }
}
