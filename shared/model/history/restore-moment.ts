// Putting the annotations back as they were at a moment (a HistoryState's), as a change going
// forward: nothing is rewritten in place, everything it undoes is kept (deleted annotations and
// comments go to the trash), so the restore is itself in the history and can be undone the same way.
// The text is left as it is.
//
// An annotation deleted since comes back from the trash with its own anchors; one that is in no
// trash (a raw client removed it) is anchored again by its quote near where it was.

import type * as Y from 'yjs';
import { QuoteAnchorer } from '../import/quote-anchoring.js';
import { annotationsMap, sourceText, trashMap, type AnnotationMap, type CommentMap } from '../layout.js';
import { annotationAt } from '../layout-check.js';
import { ModelError } from '../model-error.js';
import { atLeast } from '../permissions.js';
import { restoreAnnotation, restoreComment, trashAnnotation, trashComment } from '../trash.js';
import type { Actor, AnnotationView } from '../types.js';
import { addComment, createAnnotation, editComment, findComment, setLabels, setStatus } from '../write-annotations.js';

export interface RestoreResult {
  /** Annotations brought back (from the trash, or anchored again by their quote). */
  brought: string[];
  /** Annotations made since, now deleted (into the trash). */
  removed: string[];
  /** Annotations whose labels, status or thread were set back. */
  changed: string[];
}

/** What to restore: the whole annotation set (nothing given), one annotation, or one comment of one. */
export interface RestoreScope {
  annotationId?: string;
  commentId?: string;
}

/**
 * Sets the thread of `annotation` back to `past`'s: comments made since deleted, deleted ones
 * restored, edits undone; only the comment `only`, when given.
 */
function restoreThread(doc: Y.Doc, id: string, annotation: AnnotationMap, past: AnnotationView, actor: Actor, now: string, only?: string): boolean {
  let changed = false;
  const then = new Map(past.comments.map((c) => [c.id, c]));
  for (const comment of (annotation.get('comments') as Y.Array<CommentMap>).toArray()) {
    const commentId = comment.get('id') as string;
    if (only !== undefined && commentId !== only) continue;
    const was = then.get(commentId);
    const deleted = comment.get('deleted') === true;
    if (deleted === (was?.deleted ?? true) && (deleted || comment.get('body') === was?.body)) continue;
    changed = true;
    // Made since, or deleted then: deleted again, into the trash.
    if (!deleted && (!was || was.deleted)) trashComment(doc, id, comment, actor, now);
    else {
      if (deleted && trashMap(doc).has(`c:${id}:${commentId}`)) restoreComment(doc, id, comment);
      else if (deleted) comment.set('deleted', false);
      // Edited since, before or after a deletion: its words as they were then.
      if (comment.get('body') !== was!.body) editComment(comment, was!.body, now);
    }
  }
  for (const c of past.comments) {
    if (c.deleted || findComment(annotation, c.id) || (only !== undefined && c.id !== only)) continue;
    addComment(annotation, c.id, c.body, c.author, c.createdAt);
    changed = true;
  }
  return changed;
}

/** One comment back as it was: a commenter may do this for their own, an editor for anyone's. */
function restoreOneComment(
  doc: Y.Doc,
  past: ReadonlyMap<string, AnnotationView>,
  annotationId: string,
  commentId: string,
  actor: Actor,
  now: string,
): RestoreResult {
  const was = past.get(annotationId)?.comments.find((c) => c.id === commentId);
  if (!was) throw new ModelError('not_found', 'comment_not_found', `no comment with id "${commentId}" on annotation "${annotationId}" at that moment`);
  const mayRestore = atLeast(actor.role, 'editor') || (atLeast(actor.role, 'commenter') && was.author.id === actor.id);
  if (!mayRestore) throw new ModelError('forbidden', 'forbidden', `a ${actor.role} may restore only their own comments`);
  const annotation = annotationAt(doc, annotationId);
  if (!annotation) throw new ModelError('conflict', 'annotation_deleted', `the annotation "${annotationId}" is deleted: restore it first`);
  const changed = restoreThread(doc, annotationId, annotation, past.get(annotationId)!, actor, now, commentId);
  return { brought: [], removed: [], changed: changed ? [annotationId] : [] };
}

/**
 * Writes `past`'s annotations back into `doc` (or, by `scope`, one annotation or one comment); the
 * caller runs it in one transaction.
 */
export function restoreMoment(doc: Y.Doc, past: ReadonlyMap<string, AnnotationView>, actor: Actor, now: string, scope: RestoreScope = {}): RestoreResult {
  const { annotationId, commentId } = scope;
  if (annotationId !== undefined && commentId !== undefined) return restoreOneComment(doc, past, annotationId, commentId, actor, now);
  if (!atLeast(actor.role, 'editor')) throw new ModelError('forbidden', 'forbidden', `a ${actor.role} may not restore annotations`);
  if (annotationId !== undefined) {
    if (!past.has(annotationId) && !annotationsMap(doc).has(annotationId))
      throw new ModelError('not_found', 'annotation_not_found', `no annotation with id "${annotationId}" then or now`);
    const one = past.get(annotationId);
    past = new Map(one ? [[annotationId, one]] : []);
  }
  const result: RestoreResult = { brought: [], removed: [], changed: [] };
  const live = annotationsMap(doc);
  for (const id of [...live.keys()]) {
    if (past.has(id) || (annotationId !== undefined && id !== annotationId)) continue;
    const annotation = annotationAt(doc, id);
    if (!annotation) continue;
    trashAnnotation(doc, id, annotation, actor, now);
    result.removed.push(id);
  }
  const anchorer = new QuoteAnchorer(sourceText(doc).toString());
  const missing = [...past.values()].filter((view) => !live.has(view.id)).sort((a, b) => a.start - b.start);
  for (const view of missing) {
    if (trashMap(doc).has(`a:${view.id}`)) restoreAnnotation(doc, view.id);
    else {
      const place = anchorer.anchor({ quote: { exact: view.quote, prefix: view.prefix, suffix: view.suffix }, position: null });
      createAnnotation(doc, { id: view.id, start: place.start, end: place.end, labels: view.labels }, view.author, view.createdAt, {
        current: sourceText(doc).toString(),
        context: { quote: view.quote, prefix: view.prefix, suffix: view.suffix },
      });
    }
    result.brought.push(view.id);
  }
  for (const view of past.values()) {
    const annotation = annotationAt(doc, view.id);
    if (!annotation) continue;
    const labels = annotation.get('labels') as Y.Array<string>;
    const sameLabels = labels.length === view.labels.length && view.labels.every((l) => labels.toArray().includes(l));
    if (!sameLabels) setLabels(annotation, view.labels);
    const sameStatus = annotation.get('status') === view.status;
    if (!sameStatus) setStatus(annotation, view.status, view.resolvedBy ?? actor, view.resolvedAt ?? now);
    const threadChanged = restoreThread(doc, view.id, annotation, view, actor, now);
    if ((!sameLabels || !sameStatus || threadChanged) && !result.brought.includes(view.id)) result.changed.push(view.id);
  }
  return result;
}
