// What one transaction changed in a document, read from the Yjs events it raised: the same for a
// command the server applied and for a raw update an editor's client sent, so both can be told in
// the activity feed (describe-change.ts) without knowing which it was.

import * as Y from 'yjs';
import { annotationsMap, labelsMap, sourceText, trashMap } from '../layout.js';

export interface AnnotationChange {
  created: boolean;
  /** Taken out of the annotations map: deleted (into the trash, or outright by a raw update). */
  removed: boolean;
  /** Came back from the trash. */
  restored: boolean;
  labelsAdded: string[];
  labelsRemoved: string[];
  /** Its anchor was set again (moved onto another passage, or re-attached). */
  moved: boolean;
  status: 'resolved' | 'open' | null;
  commentsAdded: number;
  commentsEdited: number;
  commentsDeleted: number;
  commentsRestored: number;
}

export interface ChangeSummary {
  text: { inserted: number; deleted: number };
  /** By annotation id, in the order first touched. */
  annotations: Map<string, AnnotationChange>;
  /** Labels are archived, not deleted; only a raw update removes one. */
  labels: { created: string[]; edited: string[]; removed: string[] };
}

function emptyChange(): AnnotationChange {
  return {
    created: false,
    removed: false,
    restored: false,
    labelsAdded: [],
    labelsRemoved: [],
    moved: false,
    status: null,
    commentsAdded: 0,
    commentsEdited: 0,
    commentsDeleted: 0,
    commentsRestored: 0,
  };
}

const contentOf = (items: Set<Y.Item>): unknown[] => [...items].flatMap((item) => item.content.getContent() as unknown[]);

/**
 * Watches `doc` and hands each transaction's summary to `onChange` (none for a transaction that
 * touched no text, annotation or label). Returns the function that stops watching.
 */
export function watchChanges(doc: Y.Doc, onChange: (summary: ChangeSummary, transaction: Y.Transaction) => void): () => void {
  let current: ChangeSummary | null = null;
  let untrashed = new Set<string>();
  const summary = (): ChangeSummary =>
    (current ??= { text: { inserted: 0, deleted: 0 }, annotations: new Map(), labels: { created: [], edited: [], removed: [] } });
  const change = (id: string): AnnotationChange => {
    const all = summary().annotations;
    let found = all.get(id);
    if (!found) all.set(id, (found = emptyChange()));
    return found;
  };

  const onText = (event: Y.YTextEvent) => {
    const text = summary().text;
    for (const op of event.delta) {
      if (typeof op.insert === 'string') text.inserted += op.insert.length;
      else if (op.insert !== undefined) text.inserted += 1;
      if (op.delete) text.deleted += op.delete;
    }
  };

  const onAnnotations = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
    for (const event of events) {
      const [id, field, index] = event.path as [string?, string?, number?];
      if (id === undefined) {
        // The map of annotations itself: one added or taken away.
        event.changes.keys.forEach((key, annotationId) => {
          if (key.action === 'add') change(annotationId).created = true;
          else if (key.action === 'delete') change(annotationId).removed = true;
        });
        continue;
      }
      // Any change inside an annotation marks it changed, told or not (a raw update may rewrite any field).
      change(id);
      if (field === undefined) {
        event.changes.keys.forEach((key, name) => {
          if (name === 'status') change(id).status = (event.target as Y.Map<unknown>).get('status') === 'resolved' ? 'resolved' : 'open';
          else if (name === 'start' || name === 'end') change(id).moved = key.action === 'update';
        });
      } else if (field === 'labels' && index === undefined) {
        change(id).labelsAdded.push(...contentOf(event.changes.added).filter((l): l is string => typeof l === 'string'));
        change(id).labelsRemoved.push(...contentOf(event.changes.deleted).filter((l): l is string => typeof l === 'string'));
      } else if (field === 'comments' && index === undefined) {
        change(id).commentsAdded += contentOf(event.changes.added).length;
      } else if (field === 'comments') {
        const keys = event.changes.keys;
        const deleted = keys.has('deleted') ? (event.target as Y.Map<unknown>).get('deleted') === true : null;
        if (deleted === true) change(id).commentsDeleted++;
        else if (deleted === false) change(id).commentsRestored++;
        else if (keys.has('body')) change(id).commentsEdited++;
      }
    }
  };

  const onLabels = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
    const labels = summary().labels;
    for (const event of events) {
      const [labelId] = event.path as [string?];
      // A label a raw client wrote as a Y.Map, changed inside.
      if (labelId !== undefined) {
        if (!labels.edited.includes(labelId)) labels.edited.push(labelId);
        continue;
      }
      event.changes.keys.forEach((key, id) => {
        const list = key.action === 'add' ? labels.created : key.action === 'update' ? labels.edited : labels.removed;
        if (!list.includes(id)) list.push(id);
      });
    }
  };

  // An annotation taken out of the trash is restored, not created.
  const onTrash = (event: Y.YMapEvent<unknown>) => {
    event.changes.keys.forEach((key, entry) => {
      if (entry.startsWith('a:') && key.action === 'delete') untrashed.add(entry.slice(2));
    });
  };

  const onAfter = (transaction: Y.Transaction) => {
    const done = current;
    current = null;
    const outOfTrash = untrashed;
    untrashed = new Set();
    if (!done) return;
    for (const [id, c] of done.annotations) if (c.created && outOfTrash.has(id)) [c.created, c.restored] = [false, true];
    onChange(done, transaction);
  };

  const text = sourceText(doc);
  const annotations = annotationsMap(doc);
  const labels = labelsMap(doc);
  const trash = trashMap(doc);
  text.observe(onText);
  annotations.observeDeep(onAnnotations);
  labels.observeDeep(onLabels);
  trash.observe(onTrash);
  doc.on('afterTransaction', onAfter);
  return () => {
    text.unobserve(onText);
    annotations.unobserveDeep(onAnnotations);
    labels.unobserveDeep(onLabels);
    trash.unobserve(onTrash);
    doc.off('afterTransaction', onAfter);
  };
}
