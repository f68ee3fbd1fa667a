// Entries that do not match the documented layout (docs/data-model.md). Editors may write raw Yjs,
// so the maps can hold anything: readers skip what does not fit and report it, instead of failing
// for everyone, and an owner can remove it (the document.removeDamaged command).

import * as Y from 'yjs';
import { resolveAnchor } from './anchors.js';
import { type AnnotationMap, LABELS, ANNOTATIONS, annotationsMap, labelsMap } from './layout.js';

export interface DamagedEntry {
  /** The shared map holding the entry. */
  map: typeof ANNOTATIONS | typeof LABELS;
  key: string;
  /** What does not match the layout, for people. */
  problem: string;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof Y.AbstractType) return value.constructor.name;
  if (value instanceof Uint8Array) return 'bytes';
  return Array.isArray(value) ? 'array' : typeof value;
}

export type CheckedAnnotation = { problem: string } | { problem: null; map: AnnotationMap; range: { start: number; end: number } };

/** An entry of Y.Map('annotations') with its resolved range, or why a reader cannot show it. */
export function checkAnnotation(doc: Y.Doc, entry: unknown): CheckedAnnotation {
  if (!(entry instanceof Y.Map)) return { problem: `is a ${kindOf(entry)}, not a Y.Map` };
  const start = entry.get('start');
  const end = entry.get('end');
  if (!(start instanceof Uint8Array) || !(end instanceof Uint8Array)) return { problem: 'has no anchor (start and end must be encoded relative positions)' };
  const range = resolveAnchor(doc, { start, end });
  if (!range) return { problem: 'has an anchor that does not resolve in the text' };
  const labels = entry.get('labels');
  if (labels !== undefined && !(labels instanceof Y.Array)) return { problem: `has labels that are a ${kindOf(labels)}, not a Y.Array` };
  const comments = entry.get('comments');
  if (comments !== undefined && !(comments instanceof Y.Array)) return { problem: `has comments that are a ${kindOf(comments)}, not a Y.Array` };
  if (comments instanceof Y.Array && comments.toArray().some((c) => !(c instanceof Y.Map))) return { problem: 'has a comment that is not a Y.Map' };
  return { problem: null, map: entry as AnnotationMap, range };
}

/** Why an entry of Y.Map('annotations') is not an annotation a reader can show; null when it is one. */
export function annotationProblem(doc: Y.Doc, entry: unknown): string | null {
  return checkAnnotation(doc, entry).problem;
}

/** Why an entry of Y.Map('labels') is not a label; null when it is one. */
export function labelProblem(entry: unknown): string | null {
  if (entry instanceof Y.Map) return null;
  if (typeof entry === 'object' && entry !== null && !Array.isArray(entry) && !(entry instanceof Uint8Array)) return null;
  return `is a ${kindOf(entry)}, not a label`;
}

/** The annotation stored under `id` when it matches the layout; undefined when absent or damaged. */
export function annotationAt(doc: Y.Doc, id: string): AnnotationMap | undefined {
  const entry: unknown = annotationsMap(doc).get(id);
  return entry !== undefined && annotationProblem(doc, entry) === null ? (entry as AnnotationMap) : undefined;
}

/** Every entry of the annotations and labels maps that does not match the layout. */
export function findDamaged(doc: Y.Doc): DamagedEntry[] {
  const damaged: DamagedEntry[] = [];
  annotationsMap(doc).forEach((entry: unknown, key) => {
    const problem = annotationProblem(doc, entry);
    if (problem) damaged.push({ map: ANNOTATIONS, key, problem: `annotation ${problem}` });
  });
  labelsMap(doc).forEach((entry, key) => {
    const problem = labelProblem(entry);
    if (problem) damaged.push({ map: LABELS, key, problem: `label ${problem}` });
  });
  return damaged;
}

/** Deletes the damaged entries (call inside a transaction); the keys removed. */
export function removeDamaged(doc: Y.Doc): DamagedEntry[] {
  const damaged = findDamaged(doc);
  for (const entry of damaged) (entry.map === ANNOTATIONS ? annotationsMap(doc) : labelsMap(doc)).delete(entry.key);
  return damaged;
}
