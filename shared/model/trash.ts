// Deleting keeps what was deleted in Y.Map('trash'), so the person who deleted it can undo, and
// the undo brings back exactly what was there: the same anchors (so the same characters), labels,
// authors, times and the whole thread. `annotations` holds only live annotations, so a Yjs client
// that knows nothing of the trash still sees a delete as a delete.
//
//   trash["a:<annotationId>"] = Y.Map {annotation: <the annotation's Y.Map, cloned>, deletedAt, deletedBy}
//   trash["c:<annotationId>:<commentId>"] = {body, editedAt, deletedAt, deletedBy}   (the comment stays as a tombstone)

import * as Y from 'yjs';
import { type AnnotationMap, type CommentMap, annotationsMap, trashMap } from './layout.js';
import { asOptionalText, asText } from './layout-check.js';
import { ModelError } from './model-error.js';
import type { Author } from './types.js';

const annotationKey = (id: string) => `a:${id}`;
const commentKey = (annotationId: string, commentId: string) => `c:${annotationId}:${commentId}`;

interface TrashedComment {
  body: string;
  editedAt: string | null;
  deletedAt: string;
  deletedBy: Author;
}

const notInTrash = (what: string, id: string) => new ModelError('conflict', 'not_restorable', `the ${what} "${id}" is not in the trash; it cannot be restored`);

/** Moves the annotation stored under `id` (its key, which is its id whatever its `id` field says) to the trash. */
export function trashAnnotation(doc: Y.Doc, id: string, annotation: AnnotationMap, by: Author, now: string): void {
  const entry = new Y.Map<unknown>();
  entry.set('annotation', annotation.clone());
  entry.set('deletedAt', now);
  entry.set('deletedBy', { id: by.id, name: by.name, color: by.color });
  trashMap(doc).set(annotationKey(id), entry);
  annotationsMap(doc).delete(id);
}

/** The trashed annotation's author, for deciding who may restore it; undefined when not trashed. */
export function trashedAnnotationAuthor(doc: Y.Doc, id: string): string | undefined {
  const entry = trashMap(doc).get(annotationKey(id));
  const annotation: unknown = entry instanceof Y.Map ? entry.get('annotation') : undefined;
  return annotation instanceof Y.Map ? (annotation.get('author') as Author | undefined)?.id : undefined;
}

export function restoreAnnotation(doc: Y.Doc, id: string): void {
  const trash = trashMap(doc);
  const entry = trash.get(annotationKey(id));
  const annotation: unknown = entry instanceof Y.Map ? entry.get('annotation') : undefined;
  if (!(annotation instanceof Y.Map)) throw notInTrash('annotation', id);
  if (annotationsMap(doc).has(id)) throw new ModelError('conflict', 'annotation_exists', `an annotation with id "${id}" already exists`);
  annotationsMap(doc).set(id, annotation.clone() as AnnotationMap);
  trash.delete(annotationKey(id));
}

/** Keeps a deleted comment's body aside; the comment itself becomes a tombstone in its thread. */
export function trashComment(doc: Y.Doc, annotationId: string, comment: CommentMap, by: Author, now: string): void {
  const kept: TrashedComment = {
    body: asText(comment.get('body')),
    editedAt: asOptionalText(comment.get('editedAt')),
    deletedAt: now,
    deletedBy: { id: by.id, name: by.name, color: by.color },
  };
  trashMap(doc).set(commentKey(annotationId, asText(comment.get('id'))), kept);
  comment.set('body', '');
  comment.set('deleted', true);
  comment.set('editedAt', now);
}

export function restoreComment(doc: Y.Doc, annotationId: string, comment: CommentMap): void {
  const commentId = asText(comment.get('id'));
  const key = commentKey(annotationId, commentId);
  const kept = trashMap(doc).get(key) as TrashedComment | undefined;
  if (!kept || comment.get('deleted') !== true) throw notInTrash('comment', commentId);
  comment.set('body', kept.body);
  comment.set('deleted', false);
  comment.set('editedAt', kept.editedAt);
  trashMap(doc).delete(key);
}
