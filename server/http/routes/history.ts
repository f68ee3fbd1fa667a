// A document's history: /api/documents/:documentId/{activity,history,history/diff,history/restore}.
// Reading it takes what reading the document takes (viewer); restoring, what the restore changes
// (restore-moment.ts decides: editors anything, commenters their own comments).

import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { ActivityEntry, ActivityFilter, PastState } from '../../../shared/model/activity/activity-entry.js';
import { activityKinds } from '../../../shared/model/activity/describe-change.js';
import { activityCsv } from '../../../shared/model/activity/activity-csv.js';
import type { AnnotationService } from '../../annotations/annotation-service.js';
import type { AccessService } from '../../auth/access-service.js';
import { type HistoryService, HistoryUnavailableError } from '../../history/history-service.js';
import { ApiError } from '../api-error.js';
import { type AppEnv, actorOf, requireRole } from '../authenticate.js';
import { attachment } from '../content-disposition.js';
import { parseWith, readJsonObject } from '../validation.js';

const MAX_PAGE = 1000;

/** An ISO time from the query (`at`, `from`, `to`), as the store writes them. */
export function momentParam(c: Context, name: string): string {
  const value = c.req.query(name);
  if (value === undefined) throw new ApiError(400, 'invalid_field', `${name}: is required (an ISO 8601 time)`);
  const time = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(time))
    throw new ApiError(400, 'invalid_field', `${name}: must be an ISO 8601 time, like 2026-12-08T10:42:00Z`);
  return new Date(time).toISOString();
}

const activityQuery = z.object({
  person: z.string().min(1).optional(),
  kind: z.enum(activityKinds).optional(),
  annotation: z.string().min(1).optional(),
  before: z.coerce.number().int().optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50),
  format: z.enum(['json', 'csv']).default('json'),
});

const restoreBody = z.object({
  at: z.iso.datetime({ offset: true }),
  annotationId: z.string().min(1).optional(),
  commentId: z.string().min(1).optional(),
});

/** The past a history answer is about; a 404 once the document is gone, a 409 with history off. */
async function known<T>(documentId: string, answer: Promise<T | null>): Promise<T> {
  let value: T | null;
  try {
    value = await answer;
  } catch (error) {
    if (error instanceof HistoryUnavailableError) throw new ApiError(409, 'history_off', error.message);
    throw error;
  }
  if (value === null) throw new ApiError(404, 'document_not_found', `no document with id "${documentId}"`);
  return value;
}

export function pastState(history: HistoryService, documentId: string, at: string): Promise<PastState> {
  return known(documentId, history.stateAt(documentId, at));
}

export function historyRoutes(history: HistoryService, annotations: AnnotationService, access: AccessService): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .get('/activity', async (c) => {
      const documentId = c.req.param('documentId')!;
      await requireRole(c, access, documentId, 'viewer');
      const q = parseWith(activityQuery, c.req.query());
      const filter: ActivityFilter = { person: q.person, kind: q.kind, annotationId: q.annotation };
      if (q.format === 'csv') {
        // Every line, for an audit: page through the history thread's answer.
        const entries: ActivityEntry[] = [];
        for (let before: number | null = q.before ?? null; ;) {
          const page = await known(documentId, history.activity(documentId, filter, before, MAX_PAGE));
          entries.push(...page.entries);
          if (page.next === null) break;
          before = page.next;
        }
        return c.body(activityCsv(entries), 200, {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': attachment(`activity-${documentId}`, 'csv'),
        });
      }
      return c.json(await known(documentId, history.activity(documentId, filter, q.before ?? null, q.limit)));
    })
    .get('/history', async (c) => {
      const documentId = c.req.param('documentId')!;
      await requireRole(c, access, documentId, 'viewer');
      return c.json(await pastState(history, documentId, momentParam(c, 'at')));
    })
    .get('/history/diff', async (c) => {
      const documentId = c.req.param('documentId')!;
      await requireRole(c, access, documentId, 'viewer');
      const [from, to] = [momentParam(c, 'from'), momentParam(c, 'to')];
      return c.json({ from, to, differences: await known(documentId, history.diff(documentId, from, to)) });
    })
    .post('/history/restore', async (c) => {
      const documentId = c.req.param('documentId')!;
      const role = await requireRole(c, access, documentId, 'commenter');
      const body = parseWith(restoreBody, await readJsonObject(c));
      if (body.commentId !== undefined && body.annotationId === undefined) throw new ApiError(400, 'invalid_field', 'annotationId: is required with commentId');
      const past = await pastState(history, documentId, new Date(body.at).toISOString());
      const result = await annotations.restore(
        documentId,
        past,
        { annotationId: body.annotationId, commentId: body.commentId },
        actorOf(c.get('principal'), role),
      );
      return c.json({ at: past.at, ...result });
    });
}
