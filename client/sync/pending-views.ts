// What a person has written but the server has not yet confirmed, shown as if it were there
// (marked "saving…"), so work done offline is visible at once and never looks lost.

import { textContext } from '../../shared/model/text-context.js';
import type { AnnotationView, Author } from '../../shared/model/types.js';
import type { PendingCommand } from './command-queue.js';

export interface PendingComment {
  id: string;
  body: string;
}

/** Annotations being created, as views, for those not yet in the document. */
export function pendingAnnotations(
  pending: readonly PendingCommand[],
  existing: readonly AnnotationView[],
  text: string,
  author: Author | null,
): AnnotationView[] {
  if (!author || pending.length === 0) return [];
  const known = new Set(existing.map((a) => a.id));
  const now = new Date().toISOString();
  return pending.flatMap(({ command: c }) => {
    if (c.type !== 'annotation.create' || !c.id || known.has(c.id) || c.end > text.length) return [];
    const comments = c.comment ? [{ id: `${c.id}-first`, author, body: c.comment, createdAt: now, editedAt: null, deleted: false }] : [];
    return [
      {
        id: c.id,
        start: c.start,
        end: c.end,
        detached: false,
        ...textContext(text, c.start, c.end),
        labels: c.labels ?? [],
        author,
        createdAt: now,
        status: 'open' as const,
        resolvedBy: null,
        resolvedAt: null,
        comments,
      },
    ];
  });
}

/** Replies to one annotation still on their way. */
export function pendingComments(pending: readonly PendingCommand[], annotation: AnnotationView | undefined): PendingComment[] {
  if (!annotation) return [];
  const have = new Set(annotation.comments.map((c) => c.id));
  return pending.flatMap(({ command: c }) =>
    c.type === 'comment.add' && c.annotationId === annotation.id && c.id && !have.has(c.id) ? [{ id: c.id, body: c.body }] : [],
  );
}
