// Where the text is cut into paragraph blocks, so paragraphs can be spaced apart. Each block keeps
// its trailing newline(s) as text: offsets, selections and copied text stay exactly the source's.

export interface TextBlock {
  start: number;
  end: number;
  /** Spaced from the next block: it ends at a single line break between two paragraphs. */
  gap: boolean;
}

/**
 * Lines this long on average are paragraphs written on one line each, not a text wrapped by hand
 * (mail, Project Gutenberg, verse: 60–80 characters), whose single line breaks are not paragraph
 * breaks. It also bounds the blocks: at most one per 100 characters.
 */
export const PARAGRAPH_LINE = 100;

/** True when the text's single line breaks separate paragraphs (its lines are long on average). */
export function linesAreParagraphs(text: string): boolean {
  let lines = 0;
  let chars = 0;
  for (let start = 0; start < text.length;) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    if (!isBlank(text, start, end)) {
      lines++;
      chars += end - start;
    }
    start = end + 1;
  }
  return lines > 1 && chars / lines >= PARAGRAPH_LINE;
}

/**
 * The text in blocks covering it without gaps. In a text of one paragraph per line, a block ends
 * after each line break followed by another paragraph; blank lines stay at the end of the block
 * before them and already space it, so that block gets no gap. Any other text is one block.
 */
export function textBlocks(text: string): TextBlock[] {
  if (text.length === 0) return [];
  if (!linesAreParagraphs(text)) return [{ start: 0, end: text.length, gap: false }];
  const blocks: TextBlock[] = [];
  let blockStart = 0;
  let blockHasText = false;
  let previousBlank = false;
  for (let start = 0; start < text.length;) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    const blank = isBlank(text, start, end);
    if (!blank) {
      // A paragraph starts here: close the block before it, spaced unless a blank line already is.
      if (blockHasText) {
        blocks.push({ start: blockStart, end: start, gap: !previousBlank });
        blockStart = start;
      }
      blockHasText = true;
    }
    previousBlank = blank;
    start = end + 1;
  }
  blocks.push({ start: blockStart, end: text.length, gap: false });
  return blocks;
}

function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    // Space, tab, CR, vertical tab, form feed: what a person sees as an empty line.
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d && c !== 0x0b && c !== 0x0c) return false;
  }
  return true;
}
