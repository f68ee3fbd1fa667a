// A change of the text as splices, each in the coordinates of the text as the ones before it left
// it, and how a highlight's range moves through one without asking Yjs: by the same amount when the
// splice lies wholly before it, not at all when wholly after. A splice that touches the range, its
// ends included, is left to Yjs (see history-recorder.ts): that is where relative positions and
// plain offsets can part.

export interface TextSplice {
  at: number;
  delete: number;
  insert: string;
}

export interface Range {
  start: number;
  end: number;
}

type Delta = { insert?: unknown; delete?: number; retain?: number }[];

/** The splices a Y.Text event's delta makes, in order. */
export function splicesOf(delta: Delta): TextSplice[] {
  const splices: TextSplice[] = [];
  let cursor = 0;
  for (const op of delta) {
    if (op.retain) cursor += op.retain;
    else if (op.delete) splices.push({ at: cursor, delete: op.delete, insert: '' });
    else if (op.insert !== undefined) {
      // Embeds count one, as Y.Text counts them; the history keeps text only.
      const insert = typeof op.insert === 'string' ? op.insert : '\uFFFC';
      splices.push({ at: cursor, delete: 0, insert });
      cursor += insert.length;
    }
  }
  return splices;
}

export function applySplice(text: string, splice: TextSplice): string {
  return text.slice(0, splice.at) + splice.insert + text.slice(splice.at + splice.delete);
}

/** The range after `splice`, or null when the splice touches it (its ends included). */
export function shiftRange(range: Range, splice: TextSplice): Range | null {
  const last = splice.at + splice.delete;
  if (last < range.start) {
    const by = splice.insert.length - splice.delete;
    return { start: range.start + by, end: range.end + by };
  }
  if (splice.at > range.end) return range;
  return null;
}
