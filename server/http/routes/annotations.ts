// Annotation commands as REST: /api/documents/:documentId/{commands,annotations,labels}.
// Every write is a typed command (shared/model/commands.ts) applied by the server, exactly as the UI does it.

import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { commandSchema, type CommandInput } from '../../../shared/model/commands.js';
import type { AnnotationService, CommandOutcome } from '../../annotations/annotation-service.js';
import { ApiError, errorResponse } from '../api-error.js';
import { attachment } from '../content-disposition.js';
import type { AccessService } from '../../auth/access-service.js';
import { type AppEnv, actorOf, requireRole } from '../authenticate.js';
import { parseWith, readJson, readJsonObject } from '../validation.js';
import type { HistoryService } from '../../history/history-service.js';
import { momentParam, pastState } from './history.js';

const exportFormats = ['json', 'w3c', 'csv'] as const;
const W3C_CONTENT_TYPE = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"';
/** 10,000 annotations with long threads; the count itself is limited by the model (MAX_IMPORT_ANNOTATIONS). */
const MAX_IMPORT_BODY_BYTES = 64 * 1024 * 1024;
const importMediaTypes = ['application/json', 'application/ld+json'];

// An unknown format is refused rather than answered with JSON a caller did not ask for.
function exportFormat(value: string | undefined): (typeof exportFormats)[number] {
  if (value === undefined) return 'json';
  const known = exportFormats.find((f) => f === value);
  if (!known) throw new ApiError(400, 'invalid_field', `format: must be one of ${exportFormats.join(', ')}`);
  return known;
}

export function annotationRoutes(annotations: AnnotationService, access: AccessService, history: HistoryService): Hono<AppEnv> {
  // The role decides; the model's authorize() applies it to each command (own work vs anyone's).
  const execute = async (c: Context<AppEnv>, input: CommandInput): Promise<CommandOutcome> => {
    const documentId = c.req.param('documentId')!;
    const role = await requireRole(c, access, documentId, 'viewer');
    return annotations.execute(documentId, parseWith(commandSchema, input), actorOf(c.get('principal'), role));
  };
  const read = (c: Context<AppEnv>) => requireRole(c, access, c.req.param('documentId')!, 'viewer');
  const created = (outcome: CommandOutcome) => (outcome.result.changed ? 201 : 200);

  return (
    new Hono<AppEnv>()
      // The command endpoint: any command from shared/model/commands.ts, as the UI sends them.
      .post('/commands', async (c) => {
        const outcome = await execute(c, (await readJsonObject(c)) as CommandInput);
        return c.json(outcome, created(outcome));
      })
      .get('/annotations', async (c) => {
        const documentId = c.req.param('documentId')!;
        const format = exportFormat(c.req.query('format'));
        await read(c);
        // As they were at a moment, from the history.
        if (c.req.query('at') !== undefined) {
          const past = await pastState(history, documentId, momentParam(c, 'at'));
          if (format === 'w3c') {
            const url = new URL(c.req.url);
            return c.json(annotations.pastAsW3C(past, `${url.origin}/api/documents/${documentId}`), 200, { 'Content-Type': W3C_CONTENT_TYPE });
          }
          if (format === 'csv') {
            const { title, csv } = await annotations.pastAsCsv(documentId, past);
            return c.body(csv, 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': attachment(title, 'csv') });
          }
          return c.json({ at: past.at, annotations: past.annotations, labels: past.labels });
        }
        if (format === 'w3c') {
          const url = new URL(c.req.url);
          const page = await annotations.exportW3C(documentId, `${url.origin}/api/documents/${documentId}`);
          return c.json(page, 200, { 'Content-Type': W3C_CONTENT_TYPE });
        }
        if (format === 'csv') {
          const { title, csv } = await annotations.exportCsv(documentId);
          return c.body(csv, 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': attachment(title, 'csv') });
        }
        return c.json(await annotations.list(documentId));
      })
      .post('/annotations', async (c) => {
        const body = await readJsonObject(c);
        // A phrase annotates every occurrence; otherwise start/end give one range.
        const type = 'phrase' in body ? 'annotation.createAll' : 'annotation.create';
        const outcome = await execute(c, { ...body, type } as CommandInput);
        return type === 'annotation.create'
          ? c.json({ annotation: outcome.annotations[0] }, created(outcome))
          : c.json({ annotations: outcome.annotations }, 201);
      })
      // Web Annotations made here or elsewhere, anchored onto this text (shared/model/import/).
      .post(
        '/annotations/import',
        bodyLimit({
          maxSize: MAX_IMPORT_BODY_BYTES,
          onError: (c) => errorResponse(c, 413, 'import_too_large', `the file is over ${MAX_IMPORT_BODY_BYTES / 1024 / 1024} MiB; split it`),
        }),
        async (c) => {
          const documentId = c.req.param('documentId')!;
          const role = await requireRole(c, access, documentId, 'editor');
          const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
          if (!importMediaTypes.includes(type)) throw new ApiError(415, 'unsupported_media_type', `send ${importMediaTypes.join(' or ')}`);
          const report = await annotations.importW3C(documentId, await readJson(c), actorOf(c.get('principal'), role));
          const added = report.labelsCreated.length > 0 || report.outcomes.some((o) => o.result === 'created' || (o.result === 'reply' && !o.existing));
          return c.json(report, added ? 201 : 200);
        },
      )
      .get('/annotations/:annotationId', async (c) => {
        await read(c);
        return c.json({ annotation: await annotations.get(c.req.param('documentId')!, c.req.param('annotationId')) });
      })
      .patch('/annotations/:annotationId', async (c) => {
        const body = await readJsonObject(c);
        const annotationId = c.req.param('annotationId');
        if (body.labels === undefined && body.status === undefined) throw new ApiError(400, 'invalid_field', 'body: give labels and/or status');
        if (body.status !== undefined && body.status !== 'open' && body.status !== 'resolved') {
          throw new ApiError(400, 'invalid_field', 'status: must be "open" or "resolved"');
        }
        if (body.labels !== undefined) await execute(c, { type: 'annotation.setLabels', annotationId, labels: body.labels as string[] });
        if (body.status !== undefined) {
          await execute(c, { type: body.status === 'resolved' ? 'annotation.resolve' : 'annotation.reopen', annotationId });
        }
        return c.json({ annotation: await annotations.get(c.req.param('documentId')!, annotationId) });
      })
      .delete('/annotations/:annotationId', async (c) => {
        await execute(c, { type: 'annotation.delete', annotationId: c.req.param('annotationId') });
        return c.body(null, 204);
      })
      .post('/annotations/:annotationId/comments', async (c) => {
        const body = await readJsonObject(c);
        const outcome = await execute(c, { ...body, type: 'comment.add', annotationId: c.req.param('annotationId') } as CommandInput);
        const annotation = outcome.annotations[0];
        const comment = annotation?.comments.find((x) => x.id === outcome.result.commentId);
        return c.json({ comment, annotation }, created(outcome));
      })
      .patch('/annotations/:annotationId/comments/:commentId', async (c) => {
        const body = await readJsonObject(c);
        const outcome = await execute(c, {
          ...body,
          type: 'comment.edit',
          annotationId: c.req.param('annotationId'),
          commentId: c.req.param('commentId'),
        } as CommandInput);
        const annotation = outcome.annotations[0];
        return c.json({ comment: annotation?.comments.find((x) => x.id === c.req.param('commentId')), annotation });
      })
      .delete('/annotations/:annotationId/comments/:commentId', async (c) => {
        await execute(c, { type: 'comment.delete', annotationId: c.req.param('annotationId'), commentId: c.req.param('commentId') });
        return c.body(null, 204);
      })
      .get('/labels', async (c) => {
        await read(c);
        return c.json({ labels: await annotations.labels(c.req.param('documentId')!) });
      })
      .post('/labels', async (c) => {
        const outcome = await execute(c, { ...(await readJsonObject(c)), type: 'label.create' } as CommandInput);
        return c.json({ label: outcome.label }, created(outcome));
      })
      .patch('/labels/:labelId', async (c) => {
        const outcome = await execute(c, { ...(await readJsonObject(c)), type: 'label.edit', labelId: c.req.param('labelId') });
        return c.json({ label: outcome.label });
      })
  );
}
