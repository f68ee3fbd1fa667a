// Paragraph blocks: spacing where single line breaks separate paragraphs, never a doubled space
// where blank lines already do, and blocks that cover the text exactly (offsets stay the source's).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { linesAreParagraphs, textBlocks } from '../../../../client/text/paragraphs.js';

const report = readFileSync(new URL('../../../../server/assets/sample-report.txt', import.meta.url), 'utf8');
const paragraph = (words: number, seed = 'word') => Array.from({ length: words }, (_, i) => `${seed}${i}`).join(' ');

function expectCovers(text: string): void {
  const blocks = textBlocks(text);
  expect(blocks.map((b) => text.slice(b.start, b.end)).join('')).toBe(text);
  blocks.forEach((b, i) => {
    expect(b.end).toBeGreaterThan(b.start);
    if (i > 0) expect(b.start).toBe(blocks[i - 1]!.end);
  });
}

describe('paragraph blocks', () => {
  it('gives each line of a one-paragraph-per-line report its block, spaced from the next, its newline kept', () => {
    const blocks = textBlocks(report);
    expect(blocks).toHaveLength(4);
    expect(blocks.map((b) => b.gap)).toEqual([true, true, true, false]);
    for (const block of blocks.slice(0, 3)) expect(report[block.end - 1]).toBe('\n');
    expectCovers(report);
  });

  it('adds no space where a blank line already separates paragraphs', () => {
    const text = `${paragraph(40, 'a')}\n\n${paragraph(40, 'b')}\n${paragraph(40, 'c')}\n \n\n${paragraph(40, 'd')}`;
    const blocks = textBlocks(text);
    expect(blocks.map((b) => [text.slice(b.start, b.start + 2), b.gap])).toEqual([
      ['a0', false],
      ['b0', true],
      ['c0', false],
      ['d0', false],
    ]);
    // The blank lines stay at the end of the block before them.
    expect(text.slice(blocks[2]!.start, blocks[2]!.end).endsWith('\n \n\n')).toBe(true);
    expectCovers(text);
  });

  it('keeps a hand-wrapped text (verse, mail) in one block: its single line breaks are not paragraphs', () => {
    const verse = 'First Citizen:\nBefore we proceed any further, hear me speak.\n\nAll:\nSpeak, speak.\n\n'.repeat(2000);
    expect(linesAreParagraphs(verse)).toBe(false);
    expect(textBlocks(verse)).toEqual([{ start: 0, end: verse.length, gap: false }]);
  });

  it('leaves leading blank lines, a trailing newline, CRLF and a single line in whole blocks', () => {
    const crlf = `\n\n${paragraph(30, 'a')}\r\n${paragraph(30, 'b')}\r\n`;
    const blocks = textBlocks(crlf);
    expect(blocks).toHaveLength(2);
    expect(blocks[0]).toMatchObject({ start: 0, gap: true });
    expect(crlf.slice(blocks[1]!.start, blocks[1]!.end)).toBe(`${paragraph(30, 'b')}\r\n`);
    expectCovers(crlf);
    expect(textBlocks(paragraph(50))).toEqual([{ start: 0, end: paragraph(50).length, gap: false }]);
    expect(textBlocks('')).toEqual([]);
  });

  it('makes at most one block per 100 characters, however the text is written', () => {
    const short = Array.from({ length: 40_000 }, (_, i) => `line ${i}`).join('\n');
    expect(textBlocks(short)).toHaveLength(1);
    const mixed = `${paragraph(2000)}\n${Array.from({ length: 5000 }, () => 'x').join('\n')}`;
    expect(textBlocks(mixed).length).toBeLessThanOrEqual(mixed.length / 100);
  });
});
