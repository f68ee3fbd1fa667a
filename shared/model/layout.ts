// Names of the shared types in a document's Y.Doc: the public layout (docs/data-model.md).

import type * as Y from 'yjs';

export const SOURCE_TEXT = 'source';
export const ANNOTATIONS = 'annotations';
export const LABELS = 'labels';
export const TRASH = 'trash';

/**
 * What an annotation, comment or label id looks like: the keys of `annotations` and `labels` that
 * commands can name. Label ids also end up in style-sheet names, so nothing else is let through.
 */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** An annotation as stored: a Y.Map of the fields in docs/data-model.md. */
export type AnnotationMap = Y.Map<unknown>;
/** A comment as stored: a Y.Map with id, author, body, createdAt, editedAt, deleted. */
export type CommentMap = Y.Map<unknown>;

export function sourceText(doc: Y.Doc): Y.Text {
  return doc.getText(SOURCE_TEXT);
}

export function annotationsMap(doc: Y.Doc): Y.Map<AnnotationMap> {
  return doc.getMap<AnnotationMap>(ANNOTATIONS);
}

/** Label id -> {name, color, description} (plain values; see labels.ts). */
export function labelsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(LABELS);
}

/** Deleted annotations and deleted comments' bodies, kept so a delete can be undone (see trash.ts). */
export function trashMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(TRASH);
}
