// The document's label set: Y.Map('labels') of id -> {name, color, description}.
// Each label is one plain value, not a nested Y.Map: a document holds six by default and label
// edits are rare and whole, so last-writer-wins per label is enough, and it costs a tenth of the memory.

import * as Y from 'yjs';
import { labelsMap } from './layout.js';
import type { Label } from './types.js';

type StoredLabel = Omit<Label, 'id'>;

export function writeLabel(doc: Y.Doc, label: Label): void {
  labelsMap(doc).set(label.id, { name: label.name, color: label.color, description: label.description });
}

function readLabel(id: string, entry: unknown): Label {
  // Y.Map entries are read too, so a document written by any Yjs client still shows its labels.
  const get = (key: keyof StoredLabel): unknown =>
    entry instanceof Y.Map ? entry.get(key) : typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>)[key] : undefined;
  return {
    id,
    name: String(get('name') ?? id),
    color: String(get('color') ?? '#888888'),
    description: String(get('description') ?? ''),
  };
}

/** Applies the given changes to an existing label. */
export function updateLabel(doc: Y.Doc, id: string, changes: Partial<StoredLabel>): void {
  const current = readLabel(id, labelsMap(doc).get(id));
  const next = {
    name: changes.name ?? current.name,
    color: changes.color ?? current.color,
    description: changes.description ?? current.description,
  };
  if (next.name !== current.name || next.color !== current.color || next.description !== current.description) writeLabel(doc, { id, ...next });
}

export function readLabels(doc: Y.Doc): Label[] {
  const labels: Label[] = [];
  labelsMap(doc).forEach((entry, id) => labels.push(readLabel(id, entry)));
  return labels;
}
