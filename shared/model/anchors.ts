// Anchoring ranges to the source text with Yjs relative positions, so highlights follow edits.
// The start sticks to the character after it and the end to the character before it: typing
// at either boundary lands outside the highlight instead of stretching it.

import * as Y from 'yjs';

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

/** The anchor's current UTF-16 range, or null when it cannot be resolved in this doc (yet). */
export function resolveAnchor(doc: Y.Doc, anchor: EncodedAnchor): { start: number; end: number } | null {
  let start: Y.AbsolutePosition | null;
  let end: Y.AbsolutePosition | null;
  try {
    start = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(anchor.start), doc);
    end = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(anchor.end), doc);
  } catch {
    // Bytes a raw client wrote that are not a relative position.
    return null;
  }
  if (!start || !end) return null;
  // When the annotated text is deleted both ends collapse onto the same point.
  return { start: start.index, end: Math.max(start.index, end.index) };
}
