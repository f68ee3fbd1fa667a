// Applies one validated command to a document on behalf of an actor. The caller runs it inside
// one Y.Doc transaction, so a command lands whole or not at all for every client.

import type * as Y from 'yjs';
import type { Command } from './commands.js';
import { labelsMap, annotationsMap, sourceText, type AnnotationMap } from './layout.js';
import { type DamagedEntry, annotationAt, removeDamaged } from './layout-check.js';
import { labelNameKey, labelNamed, readLabels, updateLabel, writeLabel } from './labels.js';
import { ModelError, invalid, notFound } from './model-error.js';
import { findOccurrences } from './occurrences.js';
import { authorize } from './permissions.js';
import { splitsSurrogatePair } from './text-context.js';
import type { Actor, Author, Label } from './types.js';
import { restoreAnnotation, restoreComment, trashAnnotation, trashComment, trashedAnnotationAuthor } from './trash.js';
import { addComment, createAnnotation, editComment, findComment, setLabels, setRange, setStatus } from './write-annotations.js';

export interface CommandResult {
  /** Annotations the command created or changed. */
  annotationIds: string[];
  commentId?: string;
  labelId?: string;
  /** False when the command repeated one already applied (a retried request). */
  changed: boolean;
  /** Entries document.removeDamaged deleted. */
  removed?: DamagedEntry[];
}

export interface CommandContext {
  actor: Actor;
  /** ISO time stamped on what the command writes. */
  now: string;
  newId: () => string;
}

/** Most occurrences one "annotate all" may create. */
export const MAX_OCCURRENCES = 500;

function ownerOf(map: Y.Map<unknown>): string | undefined {
  return (map.get('author') as Author | undefined)?.id;
}

function getAnnotation(doc: Y.Doc, id: string): AnnotationMap {
  if (!annotationsMap(doc).has(id)) throw notFound('annotation', id);
  const map = annotationAt(doc, id);
  if (!map)
    throw new ModelError('conflict', 'annotation_damaged', `the annotation "${id}" does not match the document layout; an owner can remove damaged entries`);
  return map;
}

function checkLabels(doc: Y.Doc, labels: readonly string[]): void {
  const known = labelsMap(doc);
  for (const label of labels) if (!known.has(label)) throw invalid('labels', `unknown label "${label}"`);
}

// Archived labels count too: they still show on annotations and in filters, where two labels
// named alike could not be told apart. Restoring the archived one is the way back.
function refuseTakenName(labels: readonly Label[], name: string, id: string): void {
  const taken = labelNamed(labels, name, id);
  if (taken) {
    const archived = taken.archived ? ' (archived: restore it instead)' : '';
    throw new ModelError('conflict', 'label_exists', `a label named "${taken.name}" already exists${archived}`);
  }
}

function checkRange(text: string, start: number, end: number): void {
  if (end <= start) throw invalid('end', 'must be greater than start');
  if (end > text.length) throw invalid('end', `is past the end of the text (${text.length} UTF-16 units)`);
  if (splitsSurrogatePair(text, start)) throw invalid('start', 'falls inside a surrogate pair');
  if (splitsSurrogatePair(text, end)) throw invalid('end', 'falls inside a surrogate pair');
}

export function applyCommand(doc: Y.Doc, command: Command, ctx: CommandContext): CommandResult {
  const { actor, now } = ctx;
  switch (command.type) {
    case 'annotation.create': {
      authorize(actor, command.type);
      const text = sourceText(doc).toString();
      checkRange(text, command.start, command.end);
      checkLabels(doc, command.labels);
      const id = command.id ?? ctx.newId();
      if (annotationsMap(doc).has(id) && !annotationAt(doc, id))
        throw new ModelError('conflict', 'annotation_exists', `an annotation with id "${id}" already exists`);
      const existing = annotationAt(doc, id);
      if (existing) {
        // A retry of the same request is answered with what it made the first time.
        if (ownerOf(existing) === actor.id && existing.get('quote') === text.slice(command.start, command.end)) {
          return { annotationIds: [id], changed: false };
        }
        throw new ModelError('conflict', 'annotation_exists', `an annotation with id "${id}" already exists`);
      }
      const comment = command.comment ? { id: ctx.newId(), body: command.comment } : undefined;
      createAnnotation(doc, { id, start: command.start, end: command.end, labels: command.labels, comment }, actor, now);
      return { annotationIds: [id], commentId: comment?.id, changed: true };
    }
    case 'annotation.createAll': {
      authorize(actor, command.type);
      checkLabels(doc, command.labels);
      const text = sourceText(doc).toString();
      const ranges = findOccurrences(text, command.phrase, { caseSensitive: command.caseSensitive, limit: MAX_OCCURRENCES });
      if (ranges.length === 0) throw invalid('phrase', 'does not occur in the text');
      const ids = ranges.map((range) => {
        const id = ctx.newId();
        const comment = command.comment ? { id: ctx.newId(), body: command.comment } : undefined;
        createAnnotation(doc, { id, ...range, labels: command.labels, comment }, actor, now);
        return id;
      });
      return { annotationIds: ids, changed: true };
    }
    case 'annotation.setLabels': {
      const annotation = getAnnotation(doc, command.annotationId);
      authorize(actor, command.type, ownerOf(annotation));
      checkLabels(doc, command.labels);
      setLabels(annotation, command.labels);
      return { annotationIds: [command.annotationId], changed: true };
    }
    case 'annotation.setRange': {
      const annotation = getAnnotation(doc, command.annotationId);
      authorize(actor, command.type, ownerOf(annotation));
      checkRange(sourceText(doc).toString(), command.start, command.end);
      setRange(doc, annotation, command.start, command.end);
      return { annotationIds: [command.annotationId], changed: true };
    }
    case 'annotation.resolve':
    case 'annotation.reopen': {
      const annotation = getAnnotation(doc, command.annotationId);
      authorize(actor, command.type, ownerOf(annotation));
      setStatus(annotation, command.type === 'annotation.resolve' ? 'resolved' : 'open', actor, now);
      return { annotationIds: [command.annotationId], changed: true };
    }
    case 'annotation.delete': {
      const annotation = getAnnotation(doc, command.annotationId);
      authorize(actor, command.type, ownerOf(annotation));
      trashAnnotation(doc, command.annotationId, annotation, actor, now);
      return { annotationIds: [command.annotationId], changed: true };
    }
    case 'annotation.restore': {
      if (annotationsMap(doc).has(command.annotationId)) {
        // A retried undo finds it back already.
        authorize(actor, command.type, ownerOf(getAnnotation(doc, command.annotationId)));
        return { annotationIds: [command.annotationId], changed: false };
      }
      authorize(actor, command.type, trashedAnnotationAuthor(doc, command.annotationId));
      restoreAnnotation(doc, command.annotationId);
      return { annotationIds: [command.annotationId], changed: true };
    }
    case 'comment.add': {
      const annotation = getAnnotation(doc, command.annotationId);
      authorize(actor, command.type);
      const id = command.id ?? ctx.newId();
      const existing = findComment(annotation, id);
      if (existing) {
        if (ownerOf(existing) === actor.id && existing.get('body') === command.body) {
          return { annotationIds: [command.annotationId], commentId: id, changed: false };
        }
        throw new ModelError('conflict', 'comment_exists', `a comment with id "${id}" already exists`);
      }
      addComment(annotation, id, command.body, actor, now);
      return { annotationIds: [command.annotationId], commentId: id, changed: true };
    }
    case 'comment.restore': {
      const annotation = getAnnotation(doc, command.annotationId);
      const comment = findComment(annotation, command.commentId);
      if (!comment) throw notFound('comment', command.commentId);
      authorize(actor, command.type, ownerOf(comment));
      if (comment.get('deleted') !== true) return { annotationIds: [command.annotationId], commentId: command.commentId, changed: false };
      restoreComment(doc, command.annotationId, comment);
      return { annotationIds: [command.annotationId], commentId: command.commentId, changed: true };
    }
    case 'comment.edit':
    case 'comment.delete': {
      const annotation = getAnnotation(doc, command.annotationId);
      const comment = findComment(annotation, command.commentId);
      if (!comment) throw notFound('comment', command.commentId);
      authorize(actor, command.type, ownerOf(comment));
      if (comment.get('deleted') === true) {
        if (command.type === 'comment.delete') return { annotationIds: [command.annotationId], commentId: command.commentId, changed: false };
        throw new ModelError('conflict', 'comment_deleted', `comment "${command.commentId}" was deleted`);
      }
      if (command.type === 'comment.edit') editComment(comment, command.body, now);
      else trashComment(doc, command.annotationId, comment, actor, now);
      return { annotationIds: [command.annotationId], commentId: command.commentId, changed: true };
    }
    case 'label.create': {
      authorize(actor, command.type);
      const id = command.id ?? ctx.newId();
      const labels = readLabels(doc);
      const existing = labels.find((l) => l.id === id);
      if (existing) {
        // A retry of the same request finds the label it made the first time.
        if (existing.name === command.name && existing.color === command.color && existing.description === command.description) {
          return { annotationIds: [], labelId: id, changed: false };
        }
        throw new ModelError('conflict', 'label_exists', `a label with id "${id}" already exists`);
      }
      refuseTakenName(labels, command.name, id);
      writeLabel(doc, { id, name: command.name, color: command.color, description: command.description, archived: false });
      return { annotationIds: [], labelId: id, changed: true };
    }
    case 'document.removeDamaged': {
      authorize(actor, command.type);
      const removed = removeDamaged(doc);
      return { annotationIds: [], removed, changed: removed.length > 0 };
    }
    case 'label.edit': {
      authorize(actor, command.type);
      const labels = readLabels(doc);
      const current = labels.find((l) => l.id === command.labelId);
      if (!current) throw notFound('label', command.labelId);
      // Only a new name is checked, so a document that already held two alike is not stuck.
      if (command.name !== undefined && labelNameKey(command.name) !== labelNameKey(current.name)) refuseTakenName(labels, command.name, current.id);
      updateLabel(doc, command.labelId, command);
      return { annotationIds: [], labelId: command.labelId, changed: true };
    }
  }
}
