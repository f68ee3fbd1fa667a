// The document's label set: Y.Map('labels') of id -> {name, color, description, archived?}.
// Each label is one plain value, not a nested Y.Map: a document holds six by default and label
// edits are rare and whole, so last-writer-wins per label is enough, and it costs a tenth of the memory.

import * as Y from 'yjs';
import { safeColor } from './color.js';
import { labelsMap } from './layout.js';
import { type DamagedEntry, asText, damagedLabel, labelProblem } from './layout-check.js';
import type { Label } from './types.js';

type StoredLabel = Omit<Label, 'id'>;

export function writeLabel(doc: Y.Doc, label: Label): void {
  // `archived` is written only when set, so a label that never was archived keeps the layout that
  // Yjs clients written before archiving existed know.
  const value: Record<string, unknown> = { name: label.name, color: label.color, description: label.description };
  if (label.archived) value.archived = true;
  labelsMap(doc).set(label.id, value);
}

function readLabel(id: string, entry: unknown): Label {
  // Y.Map entries are read too, so a document written by any Yjs client still shows its labels.
  const get = (key: keyof StoredLabel): unknown =>
    entry instanceof Y.Map ? entry.get(key) : typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>)[key] : undefined;
  return {
    id,
    name: asText(get('name')) || id,
    color: safeColor(get('color')),
    description: asText(get('description')),
    archived: get('archived') === true,
  };
}

/** Applies the given changes to an existing label. */
export function updateLabel(doc: Y.Doc, id: string, changes: Partial<StoredLabel>): void {
  const current = readLabel(id, labelsMap(doc).get(id));
  const next: Label = {
    id,
    name: changes.name ?? current.name,
    color: changes.color ?? current.color,
    description: changes.description ?? current.description,
    archived: changes.archived ?? current.archived,
  };
  const same = (Object.keys(next) as (keyof Label)[]).every((key) => next[key] === current[key]);
  if (!same) writeLabel(doc, next);
}

/** The labels; entries that are not labels are skipped, and added to `damaged` when it is given. */
export function readLabels(doc: Y.Doc, damaged?: DamagedEntry[]): Label[] {
  const labels: Label[] = [];
  labelsMap(doc).forEach((entry, id) => {
    const problem = labelProblem(entry, id);
    if (problem === null) labels.push(readLabel(id, entry));
    else damaged?.push(damagedLabel(id, problem));
  });
  return labels;
}

/** How names are compared: "claim", "Claim" and "CLAIM" are one name. */
export function labelNameKey(name: string): string {
  return name.trim().normalize('NFC').toLowerCase();
}

/** The label other than `exceptId` (archived ones included) that already goes by `name`, if any. */
export function labelNamed(labels: readonly Label[], name: string, exceptId?: string): Label | undefined {
  const key = labelNameKey(name);
  return labels.find((label) => label.id !== exceptId && labelNameKey(label.name) === key);
}
