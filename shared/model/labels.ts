// The document's label set: Y.Map('labels') of id -> Y.Map {name, color, description}.

import * as Y from 'yjs';
import { labelsMap } from './layout.js';
import type { Label } from './types.js';

export function writeLabel(doc: Y.Doc, label: Label): void {
  const map = new Y.Map<unknown>();
  map.set('name', label.name);
  map.set('color', label.color);
  map.set('description', label.description);
  labelsMap(doc).set(label.id, map);
}

export function updateLabel(entry: Y.Map<unknown>, changes: Partial<Omit<Label, 'id'>>): void {
  for (const key of ['name', 'color', 'description'] as const) {
    const value = changes[key];
    if (value !== undefined && entry.get(key) !== value) entry.set(key, value);
  }
}

export function readLabels(doc: Y.Doc): Label[] {
  const labels: Label[] = [];
  labelsMap(doc).forEach((entry, id) => {
    labels.push({
      id,
      name: String(entry.get('name') ?? id),
      color: String(entry.get('color') ?? '#888888'),
      description: String(entry.get('description') ?? ''),
    });
  });
  return labels;
}
