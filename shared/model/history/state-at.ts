// The state after a run of effects, in one pass instead of one effect at a time: applying each
// splice to a 1.1 MB string and to 10,000 ranges costs ~6 ms a change, so a moment 1,000 changes
// after a checkpoint took 5 s. Here the text takes the splices in a piece table, and each
// annotation's range is read once: where it was last set exactly (the checkpoint, or an effect that
// set its view or its range), carried through the splices after that by one offset map built
// backwards. Equal to applying the effects one by one (tests/unit/shared/model/history.test.ts).

import type { HistoryEffect, HistoryState } from './history-state.js';
import { withRange } from './history-state.js';
import type { Range, TextSplice } from './text-splices.js';

/** The text after `splices`, each applied to the pieces rather than to a copy of the whole text. */
function splicedText(text: string, splices: readonly TextSplice[]): string {
  let pieces: string[] = [text];
  for (const { at, delete: removed, insert } of splices) {
    const next: string[] = [];
    let position = 0;
    let placed = false;
    for (const piece of pieces) {
      const end = position + piece.length;
      // Keep what lies before the splice and after what it removes; put the insert where it starts.
      if (end <= at || position >= at + removed) {
        if (!placed && position >= at) {
          next.push(insert);
          placed = true;
        }
        next.push(piece);
      } else {
        if (position < at) next.push(piece.slice(0, at - position));
        if (!placed) {
          next.push(insert);
          placed = true;
        }
        if (end > at + removed) next.push(piece.slice(at + removed - position));
      }
      position = end;
    }
    if (!placed) next.push(insert);
    pieces = next.filter((piece) => piece.length > 0);
    // Many small pieces cost a walk each splice: joined now and then.
    if (pieces.length > 256) pieces = [pieces.join('')];
  }
  return pieces.join('');
}

/**
 * Where untouched positions go from some moment to the end: x moves by the sum of the deltas of the
 * breakpoints below it. Built from the last splice back to the first.
 */
class OffsetMap {
  private points: number[] = [];
  private deltas: number[] = [];
  private sums: number[] | null = null;

  /** Puts `splice` before everything the map holds (the map then starts at the moment before it). */
  prepend({ at, delete: removed, insert }: TextSplice): void {
    const points: number[] = [];
    const deltas: number[] = [];
    const own = at + removed;
    let placed = false;
    const place = (point: number, delta: number) => {
      if (!placed && own <= point) {
        points.push(own);
        deltas.push(insert.length - removed);
        placed = true;
      }
      points.push(point);
      deltas.push(delta);
    };
    this.points.forEach((point, i) => {
      // In the splice's own coordinates: what lay in its insert sits where it ends; what lay after moves back.
      const before = point < at ? point : point < at + insert.length ? own : point - insert.length + removed;
      place(before, this.deltas[i]!);
    });
    if (!placed) {
      points.push(own);
      deltas.push(insert.length - removed);
    }
    this.points = points;
    this.deltas = deltas;
    this.sums = null;
  }

  map(x: number): number {
    if (!this.sums) {
      let sum = 0;
      this.sums = this.deltas.map((d) => (sum += d));
    }
    // The last breakpoint below x.
    let lo = 0;
    let hi = this.points.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.points[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? x : x + this.sums[lo - 1]!;
  }
}

/** The state `effects` take `checkpoint` to (neither is changed). */
export function stateAt(checkpoint: HistoryState, effects: readonly HistoryEffect[]): HistoryState {
  const splices = effects.flatMap((e) => e.text);
  const annotations = new Map(checkpoint.annotations);
  const labels = new Map(checkpoint.labels);
  /** Each annotation's range as last set exactly, and how many splices had been made by then. */
  const setAt = new Map<string, { range: Range; after: number }>();
  for (const [id, view] of annotations) setAt.set(id, { range: view, after: 0 });
  let made = 0;
  for (const effect of effects) {
    made += effect.text.length;
    for (const [id, range] of Object.entries(effect.ranges)) if (annotations.has(id)) setAt.set(id, { range, after: made });
    for (const [id, view] of Object.entries(effect.annotations)) {
      if (view) {
        annotations.set(id, view);
        setAt.set(id, { range: view, after: made });
      } else {
        annotations.delete(id);
        setAt.delete(id);
      }
    }
    for (const [id, label] of Object.entries(effect.labels)) {
      if (label) labels.set(id, label);
      else labels.delete(id);
    }
  }
  // From the last splice back: each range is read off the map once it holds every splice after it was set.
  const bySplices = new Map<number, string[]>();
  for (const [id, { after }] of setAt) {
    const list = bySplices.get(after);
    if (list) list.push(id);
    else bySplices.set(after, [id]);
  }
  const offsets = new OffsetMap();
  for (let count = splices.length; count >= 0; count--) {
    for (const id of bySplices.get(count) ?? []) {
      const { range } = setAt.get(id)!;
      annotations.set(id, withRange(annotations.get(id)!, { start: offsets.map(range.start), end: offsets.map(range.end) }));
    }
    if (count > 0) offsets.prepend(splices[count - 1]!);
  }
  return { text: splicedText(checkpoint.text, splices), annotations, labels };
}
