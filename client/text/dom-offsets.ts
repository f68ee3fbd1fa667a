// Converting between DOM positions in the rendered chunks and UTF-16 offsets into the source.

import { type ChunkRange, chunkAt } from './text-chunks.js';

export class RenderedText {
  private readonly index = new Map<Text, number>();

  constructor(
    readonly container: HTMLElement,
    readonly chunks: readonly ChunkRange[],
    readonly nodes: readonly Text[],
  ) {
    nodes.forEach((node, i) => this.index.set(node, i));
  }

  get length(): number {
    return this.chunks.at(-1)?.end ?? 0;
  }

  /**
   * A StaticRange over [start, end), for painting. Live Ranges are tracked by the document and
   * updated on every DOM change anywhere on the page: with 10,000 highlights that made each list
   * update cost seconds. The text nodes never change while painted, so static ones suffice.
   */
  staticRange(start: number, end: number): StaticRange | null {
    if (this.nodes.length === 0) return null;
    const a = this.point(start);
    const b = this.point(Math.max(start, end));
    return new StaticRange({ startContainer: a.node, startOffset: a.offset, endContainer: b.node, endOffset: b.offset });
  }

  /** A live DOM Range over [start, end), for measuring and selecting; short-lived only. */
  range(start: number, end: number): Range | null {
    if (this.nodes.length === 0) return null;
    const range = new Range();
    const a = this.point(start);
    const b = this.point(Math.max(start, end));
    range.setStart(a.node, a.offset);
    range.setEnd(b.node, b.offset);
    return range;
  }

  private point(offset: number): { node: Text; offset: number } {
    const clamped = Math.max(0, Math.min(offset, this.length));
    const i = chunkAt(this.chunks, clamped);
    return { node: this.nodes[i]!, offset: clamped - this.chunks[i]!.start };
  }

  /** The source offset of a DOM position, or null when it is outside the text. */
  offsetOf(node: Node, offset: number): number | null {
    if (node.nodeType === Node.TEXT_NODE) {
      const i = this.index.get(node as Text);
      return i === undefined ? null : this.chunks[i]!.start + offset;
    }
    if (node !== this.container && !this.container.contains(node)) return null;
    // Between children of the container or of a block (the caret moved past a block's last
    // newline lands before the next block): the text starts at the first node after the position.
    const after = node.childNodes[offset];
    if (after) return this.firstOffsetIn(after);
    return this.lastOffsetIn(node);
  }

  private firstOffsetIn(node: Node): number | null {
    let first: Node | null = node;
    while (first && first.nodeType !== Node.TEXT_NODE) first = first.firstChild;
    const i = first ? this.index.get(first as Text) : undefined;
    return i === undefined ? null : this.chunks[i]!.start;
  }

  private lastOffsetIn(node: Node): number | null {
    if (node === this.container) return this.length;
    let last: Node | null = node;
    while (last && last.nodeType !== Node.TEXT_NODE) last = last.lastChild;
    const i = last ? this.index.get(last as Text) : undefined;
    return i === undefined ? null : this.chunks[i]!.end;
  }

  /** The source range a selection covers, if it lies in the text. */
  rangeOf(range: AbstractRange): { start: number; end: number } | null {
    const start = this.offsetOf(range.startContainer, range.startOffset);
    const end = this.offsetOf(range.endContainer, range.endOffset);
    if (start === null || end === null) return null;
    return start <= end ? { start, end } : { start: end, end: start };
  }
}
