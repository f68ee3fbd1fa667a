// Positions in a text kept in order while splices move every one after them (state-at.ts). In blocks;
// what a splice adds to every block from some block on is kept in a Fenwick tree over the blocks, so a
// splice costs a few steps of it and one block's entries, not a step per block: with 20,000 highlight
// ends, a step per block at each of 12,000 keystrokes was most of the time a moment took to rebuild.

const BLOCK = 128;

export interface Entry {
  /** The position, less its block's shift. */
  value: number;
  block: Block;
}

interface Block {
  entries: Entry[];
  /** Its place among the blocks (kept up to date when they split). */
  index: number;
  /** The shift folded into it when the tree was last rebuilt. */
  base: number;
}

export class MovingPositions {
  private blocks: Block[] = [];
  /** Fenwick tree of shifts: block k is shifted by the sum of the first k + 1 slots. */
  private tree: number[] = [];

  /** Places these positions (in any order); the entries in the same order. */
  constructor(values: readonly number[] = []) {
    const entries = values.map((value, i) => ({ value, i })).sort((a, b) => a.value - b.value);
    const out: Entry[] = new Array<Entry>(values.length);
    for (let at = 0; at < entries.length || this.blocks.length === 0; at += BLOCK) {
      const block: Block = { entries: [], index: this.blocks.length, base: 0 };
      for (const { value, i } of entries.slice(at, at + BLOCK)) block.entries.push((out[i] = { value, block }));
      this.blocks.push(block);
    }
    this.tree = new Array<number>(this.blocks.length).fill(0);
    this.placed = out;
  }

  /** The entries of the positions given to the constructor, in its order. */
  readonly placed: Entry[];

  private shiftOf(index: number): number {
    let sum = 0;
    for (let i = index + 1; i > 0; i -= i & -i) sum += this.tree[i - 1]!;
    return sum;
  }

  /** Adds `by` to every block from `index` on. */
  private shiftFrom(index: number, by: number): void {
    for (let i = index + 1; i <= this.tree.length; i += i & -i) this.tree[i - 1]! += by;
  }

  private blockShift(block: Block): number {
    return block.base + this.shiftOf(block.index);
  }

  read(entry: Entry): number {
    return entry.value + this.blockShift(entry.block);
  }

  /** The first block whose last position is at least `value` (the last block when none is). */
  private blockFor(value: number, strictlyAfter: boolean): number {
    let lo = 0;
    let hi = this.blocks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const block = this.blocks[mid]!;
      const last = block.entries.at(-1);
      const past = last !== undefined && (strictlyAfter ? this.read(last) > value : this.read(last) >= value);
      // An empty block answers as the one after it would: look further.
      if (past) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  add(value: number): Entry {
    const block = this.blocks[this.blockFor(value, false)]!;
    const entry: Entry = { value: value - this.blockShift(block), block };
    let i = block.entries.length;
    while (i > 0 && block.entries[i - 1]!.value > entry.value) i--;
    block.entries.splice(i, 0, entry);
    if (block.entries.length > 2 * BLOCK) this.split(block.index);
    return entry;
  }

  remove(entry: Entry): void {
    const entries = entry.block.entries;
    entries.splice(entries.indexOf(entry), 1);
    // An empty block would mislead the search (it has no last position to compare): it goes.
    if (entries.length === 0 && this.blocks.length > 1) this.rebuild(() => this.blocks.splice(entry.block.index, 1));
  }

  /** Moves every position past `after` by `by`. */
  shift(after: number, by: number): void {
    if (by === 0) return;
    const k = this.blockFor(after, true);
    const block = this.blocks[k]!;
    const first = block.entries[0];
    if (first !== undefined && this.read(first) > after) {
      this.shiftFrom(k, by);
      return;
    }
    const shift = this.blockShift(block);
    for (const entry of block.entries) if (entry.value + shift > after) entry.value += by;
    if (k + 1 < this.blocks.length) this.shiftFrom(k + 1, by);
  }

  /** Splits a full block in two. */
  private split(b: number): void {
    this.rebuild(() => {
      const block = this.blocks[b]!;
      const next: Block = { entries: block.entries.splice(BLOCK), index: b + 1, base: block.base };
      for (const entry of next.entries) entry.block = next;
      this.blocks.splice(b + 1, 0, next);
    });
  }

  /** Folds every shift into the blocks, changes them, and starts the tree afresh (blocks rarely split or empty). */
  private rebuild(change: () => void): void {
    for (const block of this.blocks) block.base = this.blockShift(block);
    change();
    this.blocks.forEach((each, index) => (each.index = index));
    this.tree = new Array<number>(this.blocks.length).fill(0);
  }
}
