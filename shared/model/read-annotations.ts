// Reading annotations out of a Y.Doc into plain views, in text order.

import type * as Y from 'yjs';
import { safeColor } from './color.js';
import { type AnnotationMap, annotationsMap } from './layout.js';
import { checkAnnotation } from './layout-check.js';
import type { AnnotationView, Author, CommentView } from './types.js';

/** An author as stored, with fallbacks for fields a raw Yjs client may have left out. */
export function asAuthor(value: unknown): Author {
  const a = (value ?? {}) as Partial<Author>;
  return { id: String(a.id ?? 'unknown'), name: String(a.name ?? 'Unknown'), color: safeColor(a.color) };
}

function readComment(map: Y.Map<unknown>): CommentView {
  return {
    id: String(map.get('id')),
    author: asAuthor(map.get('author')),
    body: String(map.get('body') ?? ''),
    createdAt: String(map.get('createdAt') ?? ''),
    editedAt: (map.get('editedAt') as string | null | undefined) ?? null,
    deleted: map.get('deleted') === true,
  };
}

function uniqueStrings(values: unknown[]): string[] {
  return [...new Set(values.filter((v): v is string => typeof v === 'string'))];
}

/** The annotation as a view; null when the entry does not match the layout (see layout-check.ts). */
export function readAnnotation(doc: Y.Doc, map: AnnotationMap): AnnotationView | null {
  const checked = checkAnnotation(doc, map);
  if (checked.problem !== null) return null;
  const { range } = checked;
  const quote = String(map.get('quote') ?? '');
  const labels = map.get('labels') as Y.Array<unknown> | undefined;
  const comments = map.get('comments') as Y.Array<Y.Map<unknown>> | undefined;
  const resolvedBy = map.get('resolvedBy');
  return {
    id: String(map.get('id')),
    start: range.start,
    end: range.end,
    detached: range.start === range.end && quote.length > 0,
    quote,
    prefix: String(map.get('prefix') ?? ''),
    suffix: String(map.get('suffix') ?? ''),
    // Concurrent label changes can add the same label twice; a set is what people mean.
    labels: labels ? uniqueStrings(labels.toArray()) : [],
    author: asAuthor(map.get('author')),
    createdAt: String(map.get('createdAt') ?? ''),
    status: map.get('status') === 'resolved' ? 'resolved' : 'open',
    resolvedBy: resolvedBy ? asAuthor(resolvedBy) : null,
    resolvedAt: (map.get('resolvedAt') as string | null | undefined) ?? null,
    comments: comments ? comments.toArray().map(readComment) : [],
  };
}

/** Every annotation, ordered by where it starts in the text (then by length, then id). */
export function readAnnotations(doc: Y.Doc): AnnotationView[] {
  const views: AnnotationView[] = [];
  annotationsMap(doc).forEach((map) => {
    const view = readAnnotation(doc, map);
    if (view) views.push(view);
  });
  return views.sort((a, b) => a.start - b.start || b.end - a.end || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function countAnnotations(doc: Y.Doc): number {
  return annotationsMap(doc).size;
}
