// The state after a run of effects, in one pass instead of one effect at a time: applying each
// splice to a 1.1 MB string and to 10,000 ranges costs ~6 ms a change, so a moment 1,000 changes
// after a checkpoint took 5 s. Here the text takes the splices in a piece table, and the ranges'
// ends move in blocks that shift whole (MovingPositions). Equal to applying the effects one by one
// (tests/unit/shared/model/history.test.ts).

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

interface Entry {
  value: number;
  block: Block;
}

interface Block {
  entries: Entry[];
  /** Added to every entry's value in the block. */
  lazy: number;
}

const BLOCK = 128;

/**
 * Positions kept in order while splices move every one after them: in blocks, each with an offset
 * added to all its positions at once, so a splice costs the blocks' count and one block's size, not
 * every position. The positions a splice touches are taken out before it (their effect sets them
 * again), so the others keep their order.
 */
class MovingPositions {
  private blocks: Block[] = [];

  private static valueOf(entry: Entry): number {
    return entry.value + entry.block.lazy;
  }

  add(value: number): Entry {
    let b = this.blocks.findIndex((block) => {
      const last = block.entries.at(-1);
      return last !== undefined && MovingPositions.valueOf(last) >= value;
    });
    if (b === -1) b = this.blocks.length - 1;
    if (b === -1) {
      this.blocks.push({ entries: [], lazy: 0 });
      b = 0;
    }
    const block = this.blocks[b]!;
    const entry: Entry = { value: value - block.lazy, block };
    let i = block.entries.length;
    while (i > 0 && block.entries[i - 1]!.value > entry.value) i--;
    block.entries.splice(i, 0, entry);
    if (block.entries.length > 2 * BLOCK) this.split(b);
    return entry;
  }

  private split(b: number): void {
    const block = this.blocks[b]!;
    const moved = block.entries.splice(BLOCK);
    const next: Block = { entries: moved, lazy: block.lazy };
    for (const entry of moved) entry.block = next;
    this.blocks.splice(b + 1, 0, next);
  }

  remove(entry: Entry): void {
    const entries = entry.block.entries;
    entries.splice(entries.indexOf(entry), 1);
  }

  /** Moves every position past `after` by `by`. */
  shift(after: number, by: number): void {
    if (by === 0) return;
    for (const block of this.blocks) {
      const last = block.entries.at(-1);
      if (last === undefined || MovingPositions.valueOf(last) <= after) continue;
      if (MovingPositions.valueOf(block.entries[0]!) > after) block.lazy += by;
      else for (const entry of block.entries) if (MovingPositions.valueOf(entry) > after) entry.value += by;
    }
  }

  read(entry: Entry): number {
    return MovingPositions.valueOf(entry);
  }
}

/** The state `effects` take `checkpoint` to (neither is changed). */
export function stateAt(checkpoint: HistoryState, effects: readonly HistoryEffect[]): HistoryState {
  const annotations = new Map(checkpoint.annotations);
  const labels = new Map(checkpoint.labels);
  const positions = new MovingPositions();
  const ends = new Map<string, [Entry, Entry]>();
  const place = (id: string, range: Range) => ends.set(id, [positions.add(range.start), positions.add(range.end)]);
  const unplace = (id: string) => {
    const placed = ends.get(id);
    if (placed) for (const entry of placed) positions.remove(entry);
    ends.delete(id);
  };
  for (const [id, view] of annotations) place(id, view);
  for (const effect of effects) {
    // What this effect sets exactly is out of the way of its splices (which may touch it).
    const set = [...Object.keys(effect.ranges), ...Object.keys(effect.annotations)];
    for (const id of set) unplace(id);
    // Untouched positions lie wholly before a splice or wholly after what it removes.
    for (const splice of effect.text) positions.shift(splice.at + splice.delete, splice.insert.length - splice.delete);
    for (const [id, range] of Object.entries(effect.ranges)) if (annotations.has(id)) place(id, range);
    for (const [id, view] of Object.entries(effect.annotations)) {
      if (view) {
        annotations.set(id, view);
        place(id, view);
      } else annotations.delete(id);
    }
    for (const [id, label] of Object.entries(effect.labels)) {
      if (label) labels.set(id, label);
      else labels.delete(id);
    }
  }
  for (const [id, [start, end]] of ends) annotations.set(id, withRange(annotations.get(id)!, { start: positions.read(start), end: positions.read(end) }));
  return {
    text: splicedText(
      checkpoint.text,
      effects.flatMap((e) => e.text),
    ),
    annotations,
    labels,
  };
}
