// Entries that do not match the documented layout (docs/data-model.md). Editors may write raw Yjs,
// so the maps can hold anything: readers skip what does not fit and report it, instead of failing
// for everyone, and an owner can remove it (the document.removeDamaged command).

import * as Y from 'yjs';
import { SourcePositions, resolveAnchor } from './anchors.js';
import { type AnnotationMap, ID_PATTERN, LABELS, ANNOTATIONS, annotationsMap, labelsMap } from './layout.js';

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

/**
 * A field a raw client wrote, as text: strings as they are, numbers and booleans spelled out,
 * anything else `fallback`. Never String() on an unknown value: an object a raw client wrote can
 * decode with a null prototype or a `toString` that is not a function, and String() throws on both.
 */
export function asText(value: unknown, fallback = ''): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return fallback;
}

/** A text field that may be absent: null unless it is a string (times such as editedAt, resolvedAt). */
export function asOptionalText(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** The key a Y.Map is stored under in its parent map (an annotation's id is its key, whatever its `id` field says). */
export function keyOf(map: { _item: Y.Item | null }): string | null {
  return map._item?.parentSub ?? null;
}

function keyProblem(key: string): string | null {
  return ID_PATTERN.test(key) ? null : 'has an id that is not 1-64 letters, digits, "-" or "_" (no command could name it)';
}

export type CheckedAnnotation = { problem: string } | { problem: null; map: AnnotationMap; range: { start: number; end: number } };

/**
 * An entry of Y.Map('annotations') with its resolved range, or why a reader cannot show it. `key`
 * is where it is stored (for a Y.Map, read from it when not given).
 */
export function checkAnnotation(doc: Y.Doc, entry: unknown, key?: string, positions?: SourcePositions): CheckedAnnotation {
  if (!(entry instanceof Y.Map)) return { problem: `is a ${kindOf(entry)}, not a Y.Map` };
  const idProblem = keyProblem(key ?? keyOf(entry) ?? '');
  if (idProblem) return { problem: idProblem };
  const start: unknown = entry.get('start');
  const end: unknown = entry.get('end');
  if (!(start instanceof Uint8Array) || !(end instanceof Uint8Array)) return { problem: 'has no anchor (start and end must be encoded relative positions)' };
  const range = resolveAnchor(doc, { start, end }, positions);
  if (!range) return { problem: 'has an anchor that does not resolve in the text' };
  const labels: unknown = entry.get('labels');
  if (labels !== undefined && !(labels instanceof Y.Array)) return { problem: `has labels that are a ${kindOf(labels)}, not a Y.Array` };
  const comments: unknown = entry.get('comments');
  if (comments !== undefined && !(comments instanceof Y.Array)) return { problem: `has comments that are a ${kindOf(comments)}, not a Y.Array` };
  if (comments instanceof Y.Array && comments.toArray().some((c) => !(c instanceof Y.Map))) return { problem: 'has a comment that is not a Y.Map' };
  return { problem: null, map: entry as AnnotationMap, range };
}

/** Why an entry of Y.Map('annotations') is not an annotation a reader can show; null when it is one. */
export function annotationProblem(doc: Y.Doc, entry: unknown, key?: string, positions?: SourcePositions): string | null {
  return checkAnnotation(doc, entry, key, positions).problem;
}

/** Why the entry stored under `key` in Y.Map('labels') is not a label; null when it is one. */
export function labelProblem(entry: unknown, key: string): string | null {
  const isLabel = entry instanceof Y.Map || (typeof entry === 'object' && entry !== null && !Array.isArray(entry) && !(entry instanceof Uint8Array));
  if (!isLabel) return `is a ${kindOf(entry)}, not a label`;
  return keyProblem(key);
}

/** The annotation stored under `id` when it matches the layout; undefined when absent or damaged. */
export function annotationAt(doc: Y.Doc, id: string): AnnotationMap | undefined {
  const entry: unknown = annotationsMap(doc).get(id);
  return entry !== undefined && annotationProblem(doc, entry, id) === null ? (entry as AnnotationMap) : undefined;
}

/** The damaged entry of Y.Map('annotations') under `key`, as the API lists it. */
export const damagedAnnotation = (key: string, problem: string): DamagedEntry => ({ map: ANNOTATIONS, key, problem: `annotation ${problem}` });
/** The damaged entry of Y.Map('labels') under `key`, as the API lists it. */
export const damagedLabel = (key: string, problem: string): DamagedEntry => ({ map: LABELS, key, problem: `label ${problem}` });

/**
 * Every entry of the annotations and labels maps that does not match the layout. (A reader that
 * also wants the annotations gets both in one pass: readAnnotations and readLabels take a list.)
 */
export function findDamaged(doc: Y.Doc): DamagedEntry[] {
  const damaged: DamagedEntry[] = [];
  const positions = new SourcePositions(doc);
  annotationsMap(doc).forEach((entry: unknown, key) => {
    const problem = annotationProblem(doc, entry, key, positions);
    if (problem) damaged.push(damagedAnnotation(key, problem));
  });
  labelsMap(doc).forEach((entry, key) => {
    const problem = labelProblem(entry, key);
    if (problem) damaged.push(damagedLabel(key, problem));
  });
  return damaged;
}

/** Deletes the damaged entries (call inside a transaction); the keys removed. */
export function removeDamaged(doc: Y.Doc): DamagedEntry[] {
  const damaged = findDamaged(doc);
  for (const entry of damaged) (entry.map === ANNOTATIONS ? annotationsMap(doc) : labelsMap(doc)).delete(entry.key);
  return damaged;
}
