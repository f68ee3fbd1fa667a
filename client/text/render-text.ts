// Builds the text's DOM: one block element per paragraph block (paragraphs.ts), each holding its
// chunks' text nodes (text-chunks.ts). Built by hand, not by Lit, which would add markers between
// chunks: offsets are computed from these exact Text nodes.
//
// Each block keeps its trailing newline: Chromium draws no empty line for a newline ending a
// pre-wrap block, the caret steps over it with one arrow press (landing at the next block's start),
// and copying a selection across blocks gives the source text with no newline added. Blocks are
// <div>, not <p>: copying would add a blank line after each <p>.

import { RenderedText } from './dom-offsets.js';
import { textBlocks } from './paragraphs.js';
import { type ChunkRange, chunkRanges } from './text-chunks.js';

/** Replaces the container's children with `text`; the `gap` class marks blocks to space apart. */
export function renderText(container: HTMLElement, text: string): RenderedText {
  const chunks: ChunkRange[] = [];
  const nodes: Text[] = [];
  const blocks = textBlocks(text).map((block) => {
    const element = document.createElement('div');
    element.className = block.gap ? 'block gap' : 'block';
    for (const chunk of chunkRanges(text, undefined, block.start, block.end)) {
      const node = document.createTextNode(text.slice(chunk.start, chunk.end));
      element.append(node);
      chunks.push(chunk);
      nodes.push(node);
    }
    return element;
  });
  container.replaceChildren(...blocks);
  return new RenderedText(container, chunks, nodes);
}
