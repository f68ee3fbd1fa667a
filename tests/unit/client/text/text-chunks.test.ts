// Chunks: cut after a newline near the target size, within a paragraph block, never in a surrogate pair.

import { describe, expect, it } from 'vitest';
import { chunkAt, chunkRanges } from '../../../../client/text/text-chunks.js';

describe('text chunks', () => {
  it('cuts after the first newline past the target, covering the text', () => {
    const text = 'abc\n'.repeat(10);
    const chunks = chunkRanges(text, 10);
    expect(chunks.map((c) => text.slice(c.start, c.end))).toEqual(['abc\nabc\nabc\n', 'abc\nabc\nabc\n', 'abc\nabc\nabc\n', 'abc\n']);
    expect(chunkAt(chunks, 0)).toBe(0);
    expect(chunkAt(chunks, 12)).toBe(1);
    expect(chunkAt(chunks, text.length)).toBe(3);
  });

  it('chunks one block without crossing its end, even when the next newline is beyond it', () => {
    const text = `${'x'.repeat(30)}\n${'y'.repeat(30)}`;
    expect(chunkRanges(text, 10, 0, 31)).toEqual([{ start: 0, end: 31 }]);
    expect(chunkRanges(text, 10, 31, text.length)).toEqual([{ start: 31, end: 61 }]);
  });

  it('cuts a very long line at the target, but not between the halves of a surrogate pair', () => {
    const text = `${'a'.repeat(9)}😀${'b'.repeat(60)}`;
    const chunks = chunkRanges(text, 10);
    expect(chunks[0]).toEqual({ start: 0, end: 11 });
    expect(chunks.map((c) => text.slice(c.start, c.end)).join('')).toBe(text);
  });
});
