// Anchoring ranges to the source text with Yjs relative positions, so highlights follow edits.
// The start sticks to the character after it and the end to the character before it: typing
// at either boundary lands outside the highlight instead of stretching it.

import * as Y from 'yjs';
import { SOURCE_TEXT } from './layout.js';

export interface EncodedAnchor {
  start: Uint8Array;
  end: Uint8Array;
}

export function encodeAnchor(text: Y.Text, start: number, end: number): EncodedAnchor {
  return {
    start: Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, start, 0)),
    end: Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, end, -1)),
  };
}

/**
 * Resolves many anchors against one state of the source text. Yjs finds a position's index by walking
 * every item to its left, so reading 10,000 annotations walked the text 20,000 times; this indexes the
 * text's items once and answers each position from its item. Valid until the doc next changes.
 */
export class SourcePositions {
  private starts: Map<Y.Item, number> | null = null;

  constructor(private readonly doc: Y.Doc) {}

  /** Where each of the text's items starts, counting what Yjs counts (undeleted, countable content). */
  private itemStarts(): Map<Y.Item, number> {
    if (this.starts) return this.starts;
    const starts = new Map<Y.Item, number>();
    let at = 0;
    for (let item = this.doc.getText(SOURCE_TEXT)._start; item !== null; item = item.right) {
      starts.set(item, at);
      if (!item.deleted && item.countable) at += item.length;
    }
    return (this.starts = starts);
  }

  /**
   * The index Y.createAbsolutePositionFromRelativePosition gives for a position after an item, null
   * when it is not in the source text; undefined for the cases left to Yjs (a position at the text's
   * end, or on an item an UndoManager redid).
   */
  indexOf(relative: Y.RelativePosition): number | null | undefined {
    const id = relative.item;
    if (id === null) return undefined;
    if (Y.getState(this.doc.store, id.client) <= id.clock) return null;
    const item = Y.getItem(this.doc.store, id);
    if (!(item instanceof Y.Item)) return null;
    if (item.redone !== null) return undefined;
    if (item.parent !== this.doc.getText(SOURCE_TEXT)) return null;
    const left = this.itemStarts().get(item);
    if (left === undefined) return undefined;
    return left + (item.deleted || !item.countable ? 0 : id.clock - item.id.clock + (relative.assoc >= 0 ? 0 : 1));
  }
}

/**
 * Where a relative position points in the source text now; null when it does not point into the
 * source text (a raw client's bytes can decode to a position in any shared type, or name a type).
 */
function indexInSource(doc: Y.Doc, bytes: Uint8Array, positions?: SourcePositions): number | null {
  // First, so that a replica's text is a Y.Text before positions are resolved in it.
  const text = doc.getText(SOURCE_TEXT);
  const relative = Y.decodeRelativePosition(bytes);
  // Resolving a position by type name creates a shared type of that name: only the text's is read.
  if (relative.tname !== null && relative.tname !== SOURCE_TEXT) return null;
  const known = positions?.indexOf(relative);
  if (known !== undefined) return known;
  const absolute = Y.createAbsolutePositionFromRelativePosition(relative, doc);
  return absolute && absolute.type === text ? absolute.index : null;
}

/**
 * The anchor's current UTF-16 range, or null when it cannot be resolved in this doc's text (yet).
 * `positions`, when reading many anchors of one state of the doc, makes each cheap.
 */
export function resolveAnchor(doc: Y.Doc, anchor: EncodedAnchor, positions?: SourcePositions): { start: number; end: number } | null {
  let start: number | null;
  let end: number | null;
  try {
    start = indexInSource(doc, anchor.start, positions);
    end = indexInSource(doc, anchor.end, positions);
  } catch {
    // Bytes a raw client wrote that are not a relative position.
    return null;
  }
  if (start === null || end === null) return null;
  // When the annotated text is deleted both ends collapse onto the same point.
  return { start, end: Math.max(start, end) };
}
