// A change (change-summary.ts) as the lines of an activity feed: what a person did, told after their
// name ("labelled “the National Security Committee” as Evidence"), one line per thing done, each
// naming the annotation it was done to so a feed can open it.

import * as Y from 'yjs';
import { annotationsMap, trashMap } from '../layout.js';
import { readLabels } from '../labels.js';
import { asText } from '../layout-check.js';
import type { AnnotationChange, ChangeSummary } from './change-summary.js';

export const activityKinds = [
  'highlighted',
  'deleted',
  'restored',
  'labelled',
  'unlabelled',
  'moved',
  'resolved',
  'reopened',
  'commented',
  'edited-comment',
  'deleted-comment',
  'restored-comment',
  'created-label',
  'edited-label',
  'edited-text',
  'added-annotations',
  'created-document',
  'new-version',
  'imported',
  'restored-moment',
  'condensed',
] as const;
export type ActivityKind = (typeof activityKinds)[number];

export interface ActivityLine {
  kind: ActivityKind;
  /** The annotation it was done to; null for the text, labels, and many annotations at once. */
  annotationId: string | null;
  /** What was done, to follow the person's name. */
  text: string;
}

/** More annotations than this made in one change are told as one line (an import, "annotate all"). */
const MANY = 5;
const QUOTE_CHARS = 60;

function shortQuote(quote: string): string {
  const chars = Array.from(quote.replace(/\s+/g, ' ').trim());
  return `“${chars.length > QUOTE_CHARS ? `${chars.slice(0, QUOTE_CHARS - 1).join('')}…` : chars.join('')}”`;
}

/** The quote of an annotation in the document or, deleted, in the trash. */
function quoteOf(doc: Y.Doc, id: string): string {
  const trashed = trashMap(doc).get(`a:${id}`);
  const map: unknown = annotationsMap(doc).get(id) ?? (trashed instanceof Y.Map ? (trashed as Y.Map<unknown>).get('annotation') : undefined);
  const quote = map instanceof Y.Map ? asText(map.get('quote')) : '';
  return quote ? shortQuote(quote) : 'an annotation';
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function annotationLines(doc: Y.Doc, id: string, c: AnnotationChange, labelName: (id: string) => string): ActivityLine[] {
  const quote = quoteOf(doc, id);
  const line = (kind: ActivityKind, text: string): ActivityLine => ({ kind, annotationId: id, text });
  const names = (ids: string[]) => ids.map(labelName).join(', ');
  if (c.created) {
    const labels = annotationsMap(doc).get(id)?.get('labels') as Y.Array<unknown> | undefined;
    const given = labels ? labels.toArray().filter((l): l is string => typeof l === 'string') : [];
    return [line('highlighted', `highlighted ${quote}${given.length ? ` as ${names(given)}` : ''}`)];
  }
  if (c.removed) return [line('deleted', `deleted the annotation on ${quote}`)];
  const lines: ActivityLine[] = [];
  if (c.restored) lines.push(line('restored', `restored the annotation on ${quote}`));
  if (c.moved) lines.push(line('moved', `moved the highlight ${quote}`));
  const added = c.labelsAdded.filter((l) => !c.labelsRemoved.includes(l));
  const removed = c.labelsRemoved.filter((l) => !c.labelsAdded.includes(l));
  if (added.length) lines.push(line('labelled', `labelled ${quote} as ${names(added)}${removed.length ? ` (was ${names(removed)})` : ''}`));
  else if (removed.length) lines.push(line('unlabelled', `took ${names(removed)} off ${quote}`));
  if (c.status === 'resolved') lines.push(line('resolved', `resolved the thread on ${quote}`));
  if (c.status === 'open') lines.push(line('reopened', `reopened the thread on ${quote}`));
  if (c.commentsAdded) lines.push(line('commented', `${c.commentsAdded === 1 ? 'commented' : `added ${c.commentsAdded} comments`} on ${quote}`));
  if (c.commentsEdited) lines.push(line('edited-comment', `edited a comment on ${quote}`));
  if (c.commentsDeleted) lines.push(line('deleted-comment', `deleted a comment on ${quote}`));
  if (c.commentsRestored) lines.push(line('restored-comment', `restored a comment on ${quote}`));
  return lines;
}

/** "edited the text (12 characters added, 3 removed)". */
export function textEditedLine(inserted: number, deleted: number): string {
  const counts = [inserted ? `${plural(inserted, 'character', 'characters')} added` : '', deleted ? `${deleted} removed` : ''].filter(Boolean);
  return `edited the text (${counts.join(', ')})`;
}

/** The lines telling `summary`, read against the document as the change left it. */
export function describeChange(doc: Y.Doc, summary: ChangeSummary): ActivityLine[] {
  const labels = new Map(readLabels(doc).map((l) => [l.id, l.name]));
  const labelName = (id: string) => labels.get(id) ?? id;
  const lines: ActivityLine[] = [];
  const { inserted, deleted } = summary.text;
  if (inserted || deleted) lines.push({ kind: 'edited-text', annotationId: null, text: textEditedLine(inserted, deleted) });
  for (const id of summary.labels.created) lines.push({ kind: 'created-label', annotationId: null, text: `created the label ${labelName(id)}` });
  for (const id of summary.labels.edited) lines.push({ kind: 'edited-label', annotationId: null, text: `edited the label ${labelName(id)}` });
  const created = [...summary.annotations].filter(([, c]) => c.created);
  const many = created.length > MANY;
  if (many) lines.push({ kind: 'added-annotations', annotationId: null, text: `added ${created.length} annotations` });
  for (const [id, c] of summary.annotations) if (!(many && c.created)) lines.push(...annotationLines(doc, id, c, labelName));
  return lines;
}
