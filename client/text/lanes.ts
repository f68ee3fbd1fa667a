// Lanes for overlapping highlights: each annotation is underlined at its lane's depth, so nested and
// crossing annotations keep an edge each instead of blending into one fill. Overlapping annotations
// get different lanes (greedy colouring of the interval graph, optimal: as many lanes as the
// deepest overlap), in O(n log n).

import { MinHeap } from './min-heap.js';

export interface Span {
  start: number;
  end: number;
}

/**
 * The lane of each span, by index: the lowest lane free where it starts, outer spans before the
 * spans they contain (so an enclosing annotation keeps the top lane). Spans deeper than `maxLanes`
 * share the last lane: the number of highlight groups (labels × lanes) stays bounded.
 */
export function assignLanes(spans: readonly Span[], maxLanes = Number.POSITIVE_INFINITY): number[] {
  const order = spans.map((_, i) => i).sort((a, b) => spans[a]!.start - spans[b]!.start || spans[b]!.end - spans[a]!.end);
  const lanes = new Array<number>(spans.length);
  // Spans still open, by their end; and lanes given back, lowest first.
  const open = new MinHeap<{ end: number; lane: number }>((a, b) => a.end - b.end);
  const free = new MinHeap<number>((a, b) => a - b);
  let used = 0;
  for (const i of order) {
    const { start, end } = spans[i]!;
    while (open.size > 0 && open.peek()!.end <= start) free.push(open.pop()!.lane);
    const lane = free.size > 0 ? free.pop()! : used++;
    open.push({ end: Math.max(start, end), lane });
    lanes[i] = Math.min(lane, maxLanes - 1);
  }
  return lanes;
}
