// Lanes: overlapping annotations never share a lane (below the cap), as few lanes as the deepest
// overlap, and fast enough for 10,000 annotations.

import { describe, expect, it } from 'vitest';
import { type Span, assignLanes } from '../../../../client/text/lanes.js';

const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end;

function maxDepth(spans: readonly Span[]): number {
  const events = spans.flatMap((s) => [
    [s.start, 1],
    [s.end, -1],
  ]);
  events.sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
  let depth = 0;
  let max = 0;
  for (const [, change] of events) max = Math.max(max, (depth += change!));
  return max;
}

function random(seed: number): () => number {
  return () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

describe('highlight lanes', () => {
  it('puts "Jamaat" inside "Jamaat of Mojahedeens" on another lane, the enclosing one on top', () => {
    const organisation = { start: 291, end: 332 };
    const person = { start: 295, end: 301 };
    expect(assignLanes([person, organisation])).toEqual([1, 0]);
  });

  it('gives back a lane when its annotation ends, so neighbours that do not overlap share lane 0', () => {
    expect(
      assignLanes([
        { start: 0, end: 5 },
        { start: 5, end: 9 },
        { start: 9, end: 12 },
      ]),
    ).toEqual([0, 0, 0]);
    expect(
      assignLanes([
        { start: 0, end: 10 },
        { start: 2, end: 4 },
        { start: 5, end: 8 },
        { start: 6, end: 7 },
      ]),
    ).toEqual([0, 1, 1, 2]);
  });

  it('never gives overlapping annotations one lane, and uses only as many lanes as the deepest overlap', () => {
    const next = random(7);
    const spans = Array.from({ length: 2000 }, () => {
      const start = Math.floor(next() * 50_000);
      return { start, end: start + 1 + Math.floor(next() * 400) };
    });
    const lanes = assignLanes(spans);
    expect(Math.max(...lanes) + 1).toBe(maxDepth(spans));
    const byLane = new Map<number, Span[]>();
    spans.forEach((s, i) => {
      if (!byLane.has(lanes[i]!)) byLane.set(lanes[i]!, []);
      byLane.get(lanes[i]!)!.push(s);
    });
    for (const onLane of byLane.values()) {
      onLane.sort((a, b) => a.start - b.start);
      for (let i = 1; i < onLane.length; i++) expect(overlaps(onLane[i - 1]!, onLane[i]!)).toBe(false);
    }
  });

  it('caps the lanes: deeper overlaps share the last one', () => {
    const nested = Array.from({ length: 6 }, (_, i) => ({ start: i, end: 100 - i }));
    expect(assignLanes(nested, 4)).toEqual([0, 1, 2, 3, 3, 3]);
  });

  it('assigns 10,000 annotations, a fifth of them overlapping, in a few milliseconds', () => {
    const next = random(11);
    const spans = Array.from({ length: 10_000 }, (_, i) => {
      const start = i * 100 + Math.floor(next() * 20);
      return { start, end: start + (i % 5 === 0 ? 150 : 40) };
    });
    const began = performance.now();
    const lanes = assignLanes(spans, 4);
    // Generous for a loaded CI machine; it takes ~5 ms here, while a quadratic colouring takes seconds.
    expect(performance.now() - began).toBeLessThan(200);
    expect(new Set(lanes)).toEqual(new Set([0, 1]));
  });
});
