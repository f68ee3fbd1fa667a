// The annotation-shaped entry every workload writes, the same for all servers:
// Y.Map('annotations'): id -> Y.Map {id, start, end, quote, labels: Y.Array<string>, author, createdAt}
// and, under an annotation, comments: Y.Array<Y.Map {id, author, text, createdAt}>.

import * as Y from 'yjs';

export const ANNOTATIONS = 'annotations';
export const SOURCE = 'source';

const COLORS = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#46f0f0'];
const QUOTE = 'the quick brown fox jumps over the lazy d';
const COMMENT = 'This reading is supported by the marginal gloss in the second hand; compare line 12.';

export function annotationsOf(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap<Y.Map<unknown>>(ANNOTATIONS);
}

function endBytes(n: number): Uint8Array {
  const bytes = new Uint8Array(20);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (n * 31 + i * 7) & 0xff;
  return bytes;
}

/** Builds an annotation entry (not yet in a document). */
export function makeAnnotation(id: string, n: number, author: number): Y.Map<unknown> {
  const entry = new Y.Map<unknown>();
  entry.set('id', id);
  entry.set('start', n % 100_000);
  entry.set('end', endBytes(n));
  entry.set('quote', QUOTE.slice(0, 40));
  const labels = new Y.Array<string>();
  labels.push(['variant', n % 2 === 0 ? 'gloss' : 'emendation']);
  entry.set('labels', labels);
  entry.set('author', { id: `u${author}`, name: `Reader ${author}`, color: COLORS[author % COLORS.length] });
  entry.set('createdAt', 1_700_000_000_000 + n);
  return entry;
}

/** Adds one annotation in its own transaction. */
export function addAnnotation(doc: Y.Doc, id: string, n: number, author: number): void {
  doc.transact(() => annotationsOf(doc).set(id, makeAnnotation(id, n, author)));
}

/** Adds a comment to an annotation (creating its comments array if needed); call inside a transaction. */
export function addComment(annotation: Y.Map<unknown>, id: string, author: number): void {
  let comments = annotation.get('comments') as Y.Array<Y.Map<unknown>> | undefined;
  if (!comments) {
    comments = new Y.Array<Y.Map<unknown>>();
    annotation.set('comments', comments);
  }
  const comment = new Y.Map<unknown>();
  comment.set('id', id);
  comment.set('author', { id: `u${author}`, name: `Reader ${author}` });
  comment.set('text', COMMENT);
  comment.set('createdAt', 1_700_000_000_000);
  comments.push([comment]);
}

/** Counts annotations and comments in a document. */
export function countContent(doc: Y.Doc): { annotations: number; comments: number } {
  let comments = 0;
  const map = annotationsOf(doc);
  for (const entry of map.values()) {
    const list = entry.get('comments') as Y.Array<unknown> | undefined;
    if (list) comments += list.length;
  }
  return { annotations: map.size, comments };
}
