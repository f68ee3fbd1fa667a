// What changed in the annotations between two moments (history-state.ts), as a list a reviewer reads:
// added, removed, relabelled, resolved or reopened, commented (and comments edited or deleted). Where
// a highlight sits is not compared: text edited around it moves it without anyone touching it.

import type { AnnotationView, CommentView } from '../types.js';
import type { HistoryState } from './history-state.js';

export type AnnotationDifference =
  | { kind: 'added'; annotation: AnnotationView }
  | { kind: 'removed'; annotation: AnnotationView }
  | { kind: 'relabelled'; annotation: AnnotationView; added: string[]; removed: string[] }
  | { kind: 'resolved' | 'reopened'; annotation: AnnotationView }
  | { kind: 'commented'; annotation: AnnotationView; comments: CommentView[] }
  | { kind: 'comments-changed'; annotation: AnnotationView; edited: CommentView[]; deleted: CommentView[] };

/** The differences from `before` to `after`, in the text order of `after` (removed ones in that of `before`). */
export function diffStates(before: HistoryState, after: HistoryState): AnnotationDifference[] {
  const out: AnnotationDifference[] = [];
  const inOrder = (state: HistoryState) => [...state.annotations.values()].sort((a, b) => a.start - b.start || a.end - b.end || (a.id < b.id ? -1 : 1));
  for (const annotation of inOrder(after)) {
    const was = before.annotations.get(annotation.id);
    if (!was) {
      out.push({ kind: 'added', annotation });
      continue;
    }
    const added = annotation.labels.filter((l) => !was.labels.includes(l));
    const removed = was.labels.filter((l) => !annotation.labels.includes(l));
    if (added.length || removed.length) out.push({ kind: 'relabelled', annotation, added, removed });
    if (annotation.status !== was.status) out.push({ kind: annotation.status === 'resolved' ? 'resolved' : 'reopened', annotation });
    const earlier = new Map(was.comments.map((c) => [c.id, c]));
    const comments = annotation.comments.filter((c) => !earlier.has(c.id) && !c.deleted);
    if (comments.length) out.push({ kind: 'commented', annotation, comments });
    const edited = annotation.comments.filter((c) => earlier.has(c.id) && !c.deleted && earlier.get(c.id)!.body !== c.body);
    const deleted = annotation.comments.filter((c) => c.deleted && earlier.has(c.id) && !earlier.get(c.id)!.deleted);
    if (edited.length || deleted.length) out.push({ kind: 'comments-changed', annotation, edited, deleted });
  }
  for (const annotation of inOrder(before)) if (!after.annotations.has(annotation.id)) out.push({ kind: 'removed', annotation });
  return out;
}
