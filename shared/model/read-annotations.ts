// Reading annotations out of a Y.Doc into plain views, in text order.

import * as Y from 'yjs';
import { SourcePositions } from './anchors.js';
import { safeColor } from './color.js';
import { type AnnotationMap, ID_PATTERN, annotationsMap, sourceText } from './layout.js';
import { type DamagedEntry, asOptionalText, asText, checkAnnotation, damagedAnnotation, keyOf } from './layout-check.js';
import type { AnchoredBy, AnnotationImportOrigin, AnnotationView, Author, CommentView, ImportOrigin } from './types.js';

/** An author as stored, with fallbacks for fields a raw Yjs client may have left out. */
export function asAuthor(value: unknown): Author {
  // Anything but a plain object (a string, a Y.Map, bytes) names nobody.
  const a = (typeof value === 'object' && value !== null && !(value instanceof Y.AbstractType) ? value : {}) as Record<string, unknown>;
  return { id: asText(a.id) || 'unknown', name: asText(a.name) || 'Unknown', color: safeColor(a.color) };
}

const anchoredBy: readonly AnchoredBy[] = ['position', 'quote', 'fuzzy', 'detached'];

/** An import's origin as stored; anything else (a raw client's value) reads as no origin. */
function asOrigin(value: unknown): ImportOrigin | undefined {
  if (typeof value !== 'object' || value === null || value instanceof Y.AbstractType || value instanceof Uint8Array) return undefined;
  const o = value as Record<string, unknown>;
  return { sourceId: asOptionalText(o.sourceId), creator: asOptionalText(o.creator), created: asOptionalText(o.created) };
}

function asAnnotationOrigin(value: unknown): AnnotationImportOrigin | undefined {
  const origin = asOrigin(value);
  if (!origin) return undefined;
  const by = (value as Record<string, unknown>).anchoredBy;
  return { ...origin, anchoredBy: anchoredBy.find((b) => b === by) ?? 'quote' };
}

function readComment(map: Y.Map<unknown>): CommentView {
  const origin = asOrigin(map.get('origin'));
  return {
    ...(origin ? { origin } : {}),
    id: asText(map.get('id')),
    author: asAuthor(map.get('author')),
    body: asText(map.get('body')),
    createdAt: asText(map.get('createdAt')),
    editedAt: asOptionalText(map.get('editedAt')),
    deleted: map.get('deleted') === true,
  };
}

function uniqueStrings(values: unknown[]): string[] {
  return [...new Set(values.filter((v): v is string => typeof v === 'string'))];
}

/**
 * The annotation as a view; null when the entry does not match the layout (see layout-check.ts).
 * Its id is the key it is stored under (what commands name), whatever its `id` field says.
 */
export function readAnnotation(doc: Y.Doc, map: AnnotationMap, key: string | null = keyOf(map)): AnnotationView | null {
  if (key === null) return null;
  const checked = checkAnnotation(doc, map, key);
  return checked.problem === null ? viewOf(doc, checked.map, key, checked.range) : null;
}

function viewOf(doc: Y.Doc, map: AnnotationMap, key: string, range: { start: number; end: number }): AnnotationView {
  const stored = map.get('quote');
  // A quote a raw client wrote that is not text: what the anchor covers now is the best there is.
  const quote = typeof stored === 'string' ? stored : sourceText(doc).toString().slice(range.start, range.end);
  const labels = map.get('labels') as Y.Array<unknown> | undefined;
  const comments = map.get('comments') as Y.Array<Y.Map<unknown>> | undefined;
  const resolvedBy = map.get('resolvedBy');
  const origin = asAnnotationOrigin(map.get('origin'));
  return {
    ...(origin ? { origin } : {}),
    id: key,
    start: range.start,
    end: range.end,
    detached: range.start === range.end && quote.length > 0,
    quote,
    prefix: asText(map.get('prefix')),
    suffix: asText(map.get('suffix')),
    // Concurrent label changes can add the same label twice; a set is what people mean.
    labels: labels ? uniqueStrings(labels.toArray()) : [],
    author: asAuthor(map.get('author')),
    createdAt: asText(map.get('createdAt')),
    status: map.get('status') === 'resolved' ? 'resolved' : 'open',
    resolvedBy: resolvedBy ? asAuthor(resolvedBy) : null,
    resolvedAt: asOptionalText(map.get('resolvedAt')),
    comments: comments ? comments.toArray().map(readComment) : [],
  };
}

/**
 * Every annotation, ordered by where it starts in the text (then by length, then id). Entries that
 * do not match the layout are skipped, and added to `damaged` when it is given (as findDamaged lists them).
 */
export function readAnnotations(doc: Y.Doc, damaged?: DamagedEntry[]): AnnotationView[] {
  const views: AnnotationView[] = [];
  const positions = new SourcePositions(doc);
  annotationsMap(doc).forEach((entry: unknown, key) => {
    const checked = checkAnnotation(doc, entry, key, positions);
    if (checked.problem === null) views.push(viewOf(doc, checked.map, key, checked.range));
    else damaged?.push(damagedAnnotation(key, checked.problem));
  });
  return views.sort((a, b) => a.start - b.start || b.end - a.end || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * How many annotations the document has, for the listing: after every command, so it checks an
 * entry's shape (a Y.Map under an id with both ends of an anchor) and leaves resolving anchors to
 * the readers, which skip the rare anchor that does not resolve.
 */
export function countAnnotations(doc: Y.Doc): number {
  let count = 0;
  annotationsMap(doc).forEach((entry: unknown, key) => {
    if (entry instanceof Y.Map && ID_PATTERN.test(key) && entry.get('start') instanceof Uint8Array && entry.get('end') instanceof Uint8Array) count++;
  });
  return count;
}
