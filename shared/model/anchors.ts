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
 * Where a relative position points in the source text now; null when it does not point into the
 * source text (a raw client's bytes can decode to a position in any shared type, or name a type).
 */
function absoluteInSource(doc: Y.Doc, bytes: Uint8Array): Y.AbsolutePosition | null {
  // First, so that a replica's text is a Y.Text before positions are resolved in it.
  const text = doc.getText(SOURCE_TEXT);
  const relative = Y.decodeRelativePosition(bytes);
  // Resolving a position by type name creates a shared type of that name: only the text's is read.
  if (relative.tname !== null && relative.tname !== SOURCE_TEXT) return null;
  const absolute = Y.createAbsolutePositionFromRelativePosition(relative, doc);
  return absolute && absolute.type === text ? absolute : null;
}

/** The anchor's current UTF-16 range, or null when it cannot be resolved in this doc's text (yet). */
export function resolveAnchor(doc: Y.Doc, anchor: EncodedAnchor): { start: number; end: number } | null {
  let start: Y.AbsolutePosition | null;
  let end: Y.AbsolutePosition | null;
  try {
    start = absoluteInSource(doc, anchor.start);
    end = absoluteInSource(doc, anchor.end);
  } catch {
    // Bytes a raw client wrote that are not a relative position.
    return null;
  }
  if (!start || !end) return null;
  // When the annotated text is deleted both ends collapse onto the same point.
  return { start: start.index, end: Math.max(start.index, end.index) };
}
