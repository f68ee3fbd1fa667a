// Changing annotations and their threads in a Y.Doc. Callers validate input and wrap the
// calls in one transaction; these functions assume the ids they are given exist.

import * as Y from 'yjs';
import { encodeAnchor } from './anchors.js';
import { type AnnotationMap, type CommentMap, annotationsMap, sourceText } from './layout.js';
import { textContext } from './text-context.js';
import type { AnnotationImportOrigin, AnnotationStatus, Author, ImportOrigin } from './types.js';

export interface NewAnnotation {
  id: string;
  start: number;
  end: number;
  labels: readonly string[];
  comment?: { id: string; body: string };
}

function authorValue(author: Author): Author {
  return { id: author.id, name: author.name, color: author.color };
}

/** What an import (or a restore) gives an annotation it creates beyond a command's fields. */
export interface CreateOptions {
  /** The text as it is now, read once for a whole import rather than once per annotation. */
  current?: string;
  /** The quote and context to keep instead of the range's (an annotation imported detached, or fuzzily). */
  context?: { quote: string; prefix: string; suffix: string };
  origin?: AnnotationImportOrigin;
  /** Imported comments, with their origins, in order. */
  comments?: readonly { id: string; body: string; origin: ImportOrigin }[];
}

function newComment(id: string, body: string, author: Author, now: string, origin?: ImportOrigin): CommentMap {
  const map: CommentMap = new Y.Map();
  map.set('id', id);
  map.set('author', authorValue(author));
  map.set('body', body);
  map.set('createdAt', now);
  map.set('editedAt', null);
  map.set('deleted', false);
  if (origin) map.set('origin', { ...origin });
  return map;
}

export function createAnnotation(doc: Y.Doc, input: NewAnnotation, author: Author, now: string, options: CreateOptions = {}): AnnotationMap {
  const text = sourceText(doc);
  const anchor = encodeAnchor(text, input.start, input.end);
  const context = options.context ?? textContext(options.current ?? text.toString(), input.start, input.end);
  const map: AnnotationMap = new Y.Map();
  map.set('id', input.id);
  map.set('start', anchor.start);
  map.set('end', anchor.end);
  map.set('quote', context.quote);
  map.set('prefix', context.prefix);
  map.set('suffix', context.suffix);
  map.set('labels', Y.Array.from([...new Set(input.labels)]));
  map.set('author', authorValue(author));
  map.set('createdAt', now);
  map.set('status', 'open');
  map.set('resolvedBy', null);
  map.set('resolvedAt', null);
  const comments = new Y.Array<CommentMap>();
  if (input.comment) comments.push([newComment(input.comment.id, input.comment.body, author, now)]);
  if (options.comments) comments.push(options.comments.map((c) => newComment(c.id, c.body, author, now, c.origin)));
  map.set('comments', comments);
  if (options.origin) map.set('origin', { ...options.origin });
  annotationsMap(doc).set(input.id, map);
  return map;
}

/** Makes the label list equal `labels` with the fewest changes, so concurrent changes merge. */
export function setLabels(annotation: AnnotationMap, labels: readonly string[]): void {
  const array = annotation.get('labels') as Y.Array<string>;
  const wanted = new Set(labels);
  const seen = new Set<string>();
  for (let i = array.length - 1; i >= 0; i--) {
    const label = array.get(i);
    if (!wanted.has(label) || seen.has(label)) array.delete(i, 1);
    else seen.add(label);
  }
  const missing = labels.filter((l) => !seen.has(l));
  if (missing.length > 0) array.push([...new Set(missing)]);
}

/** Anchors the annotation on another passage, with that passage's quote and context. */
export function setRange(doc: Y.Doc, annotation: AnnotationMap, start: number, end: number): void {
  const text = sourceText(doc);
  const anchor = encodeAnchor(text, start, end);
  const context = textContext(text.toString(), start, end);
  annotation.set('start', anchor.start);
  annotation.set('end', anchor.end);
  annotation.set('quote', context.quote);
  annotation.set('prefix', context.prefix);
  annotation.set('suffix', context.suffix);
}

export function setStatus(annotation: AnnotationMap, status: AnnotationStatus, by: Author, now: string): void {
  if (annotation.get('status') === status) return;
  annotation.set('status', status);
  annotation.set('resolvedBy', status === 'resolved' ? authorValue(by) : null);
  annotation.set('resolvedAt', status === 'resolved' ? now : null);
}

export function findComment(annotation: AnnotationMap, commentId: string): CommentMap | null {
  const comments = annotation.get('comments') as Y.Array<CommentMap>;
  for (const comment of comments) if (comment.get('id') === commentId) return comment;
  return null;
}

export function addComment(annotation: AnnotationMap, id: string, body: string, author: Author, now: string, origin?: ImportOrigin): void {
  (annotation.get('comments') as Y.Array<CommentMap>).push([newComment(id, body, author, now, origin)]);
}

export function editComment(comment: CommentMap, body: string, now: string): void {
  comment.set('body', body);
  comment.set('editedAt', now);
}
