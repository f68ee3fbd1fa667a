// The source text is rendered in chunks of a few KB, each one text node, cut after a newline.
// Few nodes keep a 1 MB text fast to lay out; offsets map to (chunk, offset) by binary search.
// Chunks never cross a paragraph block (paragraphs.ts): a text node lives in one element.

import { splitsSurrogatePair } from '../../shared/model/text-context.js';

export interface ChunkRange {
  start: number;
  end: number;
}

const TARGET_CHUNK = 2048;

/** Chunks of text[from, to). */
export function chunkRanges(text: string, target = TARGET_CHUNK, from = 0, to = text.length): ChunkRange[] {
  const ranges: ChunkRange[] = [];
  let start = from;
  while (start < to) {
    let end = Math.min(to, start + target);
    if (end < to) {
      const newline = text.indexOf('\n', end);
      end = newline === -1 || newline >= to ? to : newline + 1;
      // A single very long line is cut where it must, but never inside a surrogate pair.
      if (end - start > 4 * target) {
        end = start + target;
        if (splitsSurrogatePair(text, end)) end++;
      }
    }
    ranges.push({ start, end });
    start = end;
  }
  return ranges;
}

/** Index of the chunk containing `offset` (the last chunk for offset === text length). */
export function chunkAt(ranges: readonly ChunkRange[], offset: number): number {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ranges[mid]!.start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
