// A long text taking many small splices: pieces of it in blocks, each knowing its length, so a splice
// finds its place by the blocks' lengths and then one block's pieces, and changes only those. The
// whole text is joined once, at the end. (One array of pieces walked and rebuilt at every splice, and
// joined every few hundred, cost 150 ms over 12,000 keystrokes on the 1.1 MB text.)

import type { TextSplice } from './text-splices.js';

const PIECE = 2048;
const BLOCK = 64;

interface Block {
  pieces: string[];
  length: number;
}

export class PieceText {
  private blocks: Block[] = [];

  /** `sizes`: how long a piece the text is cut into, and how many pieces a block holds (tests make them small). */
  constructor(
    text: string,
    private readonly sizes = { piece: PIECE, block: BLOCK },
  ) {
    const pieces: string[] = [];
    for (let at = 0; at < text.length; at += sizes.piece) pieces.push(text.slice(at, at + sizes.piece));
    for (let i = 0; i < pieces.length; i += sizes.block) this.blocks.push(block(pieces.slice(i, i + sizes.block)));
    if (this.blocks.length === 0) this.blocks.push({ pieces: [], length: 0 });
  }

  splice({ at, delete: removed, insert }: TextSplice): void {
    let b = 0;
    let position = 0;
    // The block the splice starts in: the last one when it starts at the very end.
    while (b < this.blocks.length - 1 && position + this.blocks[b]!.length <= at) position += this.blocks[b++]!.length;
    let remaining = removed;
    let inserted = false;
    for (let i = b; i < this.blocks.length && (remaining > 0 || !inserted); i++) {
      // What to delete in this block, in its own offsets; the insert goes where it starts.
      const regionStart = i === b ? at - position : 0;
      const regionEnd = regionStart + remaining;
      const next: string[] = [];
      let offset = 0;
      for (const piece of this.blocks[i]!.pieces) {
        const end = offset + piece.length;
        if (offset < regionStart) next.push(piece.slice(0, regionStart - offset));
        if (!inserted && regionStart < end) {
          next.push(insert);
          inserted = true;
        }
        if (end > regionEnd) next.push(piece.slice(Math.max(0, regionEnd - offset)));
        offset = end;
      }
      if (!inserted) {
        next.push(insert);
        inserted = true;
      }
      remaining = Math.max(0, regionEnd - offset);
      this.blocks[i] = block(next.filter((p) => p.length > 0));
    }
    const size = this.sizes.block;
    this.blocks = this.blocks.flatMap((current) =>
      current.pieces.length > 2 * size ? [block(current.pieces.slice(0, size)), block(current.pieces.slice(size))] : [current],
    );
  }

  toString(): string {
    return this.blocks.map((b) => b.pieces.join('')).join('');
  }
}

function block(pieces: string[]): Block {
  let length = 0;
  for (const piece of pieces) length += piece.length;
  return { pieces, length };
}
