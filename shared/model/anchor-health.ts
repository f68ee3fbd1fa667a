// How an annotation's anchor fared as the text changed: intact (it covers its quote exactly), edited
// (some of its characters were changed: the old quote is kept, the text it covers now differs) or
// detached (all of them were deleted; it keeps its quote and context, and is never dropped).

import type * as Y from 'yjs';
import { sourceText } from './layout.js';
import { readAnnotations } from './read-annotations.js';
import type { AnnotationView } from './types.js';

export type AnchorHealth = 'intact' | 'edited' | 'detached';

export function anchorHealth(view: Pick<AnnotationView, 'start' | 'end' | 'quote' | 'detached'>, text: string): AnchorHealth {
  if (view.detached) return 'detached';
  return text.slice(view.start, view.end) === view.quote ? 'intact' : 'edited';
}

/** How many of the document's annotations are in each health. */
export function healthCounts(doc: Y.Doc): Record<AnchorHealth, number> {
  const text = sourceText(doc).toString();
  const counts: Record<AnchorHealth, number> = { intact: 0, edited: 0, detached: 0 };
  for (const view of readAnnotations(doc)) counts[anchorHealth(view, text)] += 1;
  return counts;
}
