// The commands people use to annotate, validated at the edge (zod) and applied by the server.
// The REST API maps its routes onto these; docs/api.md documents them.

import { z } from 'zod';
import { HEX_COLOR } from './color.js';
import { ID_PATTERN } from './layout.js';

export const idSchema = z.string().regex(ID_PATTERN, 'must be 1-64 letters, digits, "-" or "_"');
const labelIds = z.array(idSchema).max(32, 'at most 32 labels');
const body = z.string().trim().min(1, 'must not be empty').max(20_000, 'must be at most 20000 characters');
const color = z.string().regex(HEX_COLOR, 'must be a #rrggbb colour');
const offset = z.number().int('must be a whole number').min(0, 'must not be negative');

export const createAnnotationCommand = z.object({
  type: z.literal('annotation.create'),
  id: idSchema.optional(),
  start: offset,
  end: offset,
  labels: labelIds.default([]),
  comment: body.optional(),
});

export const annotateOccurrencesCommand = z.object({
  type: z.literal('annotation.createAll'),
  phrase: z.string().min(1, 'must not be empty').max(1000, 'must be at most 1000 characters'),
  caseSensitive: z.boolean().default(false),
  labels: labelIds.default([]),
  comment: body.optional(),
});

export const setLabelsCommand = z.object({ type: z.literal('annotation.setLabels'), annotationId: idSchema, labels: labelIds });
/** Moves a highlight onto another passage (the person reselected it); its thread and labels stay. */
export const setRangeCommand = z.object({ type: z.literal('annotation.setRange'), annotationId: idSchema, start: offset, end: offset });
export const resolveCommand = z.object({ type: z.literal('annotation.resolve'), annotationId: idSchema });
export const reopenCommand = z.object({ type: z.literal('annotation.reopen'), annotationId: idSchema });
export const deleteAnnotationCommand = z.object({ type: z.literal('annotation.delete'), annotationId: idSchema });
/** Undoes a delete: the annotation comes back from the trash exactly as it was. */
export const restoreAnnotationCommand = z.object({ type: z.literal('annotation.restore'), annotationId: idSchema });

export const addCommentCommand = z.object({
  type: z.literal('comment.add'),
  annotationId: idSchema,
  id: idSchema.optional(),
  body,
});
export const editCommentCommand = z.object({ type: z.literal('comment.edit'), annotationId: idSchema, commentId: idSchema, body });
export const deleteCommentCommand = z.object({ type: z.literal('comment.delete'), annotationId: idSchema, commentId: idSchema });
export const restoreCommentCommand = z.object({ type: z.literal('comment.restore'), annotationId: idSchema, commentId: idSchema });

export const createLabelCommand = z.object({
  type: z.literal('label.create'),
  id: idSchema.optional(),
  name: z.string().trim().min(1, 'must not be empty').max(60, 'must be at most 60 characters'),
  color,
  description: z.string().max(500, 'must be at most 500 characters').default(''),
});
export const editLabelCommand = z.object({
  type: z.literal('label.edit'),
  labelId: idSchema,
  name: z.string().trim().min(1, 'must not be empty').max(60, 'must be at most 60 characters').optional(),
  color: color.optional(),
  description: z.string().max(500, 'must be at most 500 characters').optional(),
  /** An archived label stays on the annotations that carry it but is no longer offered for new labelling. */
  archived: z.boolean().optional(),
});

/** Deletes every annotation and label entry that does not match the layout (written by a raw client); owners only. */
export const removeDamagedCommand = z.object({ type: z.literal('document.removeDamaged') });

export const commandSchema = z.discriminatedUnion('type', [
  createAnnotationCommand,
  annotateOccurrencesCommand,
  setLabelsCommand,
  setRangeCommand,
  resolveCommand,
  reopenCommand,
  deleteAnnotationCommand,
  restoreAnnotationCommand,
  addCommentCommand,
  editCommentCommand,
  deleteCommentCommand,
  restoreCommentCommand,
  createLabelCommand,
  editLabelCommand,
  removeDamagedCommand,
]);

/** A command as sent (optional fields may be missing). */
export type CommandInput = z.input<typeof commandSchema>;
/** A validated command, defaults filled in. */
export type Command = z.output<typeof commandSchema>;
export type CommandType = Command['type'];
