// What the documents list says about a document's threads: how many are open and resolved, when
// someone last annotated, commented or resolved, and who did so most recently. Read from the whole
// Y.Doc, so the server reads it when a document's state is written out or listed, never per edit.

import * as Y from 'yjs';
import { annotationsMap } from './layout.js';
import { SourcePositions } from './anchors.js';
import { annotationProblem } from './layout-check.js';
import { asAuthor } from './read-annotations.js';
import type { Author } from './types.js';

/** How many people a summary names: the most recently active ones. */
export const RECENT_PEOPLE = 5;

export interface DocumentActivity {
  openThreads: number;
  resolvedThreads: number;
  /** ISO time of the newest annotation, comment, comment edit or resolution; null when there is none. */
  lastActivityAt: string | null;
  /** Distinct people who annotated, commented or resolved, most recent first (at most RECENT_PEOPLE). */
  recentPeople: Author[];
}

export interface DocumentSummary extends DocumentActivity {
  annotationCount: number;
}

export const NO_ACTIVITY: DocumentActivity = Object.freeze({ openThreads: 0, resolvedThreads: 0, lastActivityAt: null, recentPeople: [] });

const isoTime = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

export function summarizeDocument(doc: Y.Doc): DocumentSummary {
  let openThreads = 0;
  let resolvedThreads = 0;
  let lastActivityAt: string | null = null;
  const people = new Map<string, { author: Author; at: string }>();
  // Times are the server's ISO stamps (UTC, same format): they compare as strings.
  const saw = (at: string | null, who?: unknown) => {
    if (!at) return;
    if (!lastActivityAt || at > lastActivityAt) lastActivityAt = at;
    if (who === undefined || who === null) return;
    const author = asAuthor(who);
    const known = people.get(author.id);
    if (!known || at > known.at) people.set(author.id, { author, at });
  };
  let annotationCount = 0;
  const positions = new SourcePositions(doc);
  annotationsMap(doc).forEach((annotation: unknown, key) => {
    // Editors may write the map with raw Yjs updates: what readers skip as damaged is not counted.
    if (!(annotation instanceof Y.Map) || annotationProblem(doc, annotation, key, positions) !== null) return;
    annotationCount++;
    if (annotation.get('status') === 'resolved') resolvedThreads++;
    else openThreads++;
    saw(isoTime(annotation.get('createdAt')), annotation.get('author'));
    saw(isoTime(annotation.get('resolvedAt')), annotation.get('resolvedBy'));
    const comments: unknown = annotation.get('comments');
    if (!(comments instanceof Y.Array)) return;
    comments.forEach((comment: unknown) => {
      if (!(comment instanceof Y.Map)) return;
      saw(isoTime(comment.get('createdAt')), comment.get('author'));
      // An edit or deletion may be someone else's (an editor's): its time counts, not its author.
      saw(isoTime(comment.get('editedAt')));
    });
  });
  const recentPeople = [...people.values()]
    .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
    .slice(0, RECENT_PEOPLE)
    .map((p) => p.author);
  return { annotationCount, openThreads, resolvedThreads, lastActivityAt, recentPeople };
}
