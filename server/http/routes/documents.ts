// The documents resource: /api/documents, /api/documents/:id, its text's new versions and their list.

import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import type { Role } from '../../../shared/model/types.js';
import type { DocumentEntry, DocumentListing, RevisionEntry } from '../../../shared/protocol/documents-api.js';
import type { AccessService } from '../../auth/access-service.js';
import type { Principal } from '../../auth/principal.js';
import type { DocumentService } from '../../documents/document-service.js';
import { type AppEnv, requireRole } from '../authenticate.js';
import type { RevisionAuthor, RevisionRecord } from '../../storage/revision-store.js';
import type { DocumentRecord } from '../../storage/store.js';
import { ApiError, errorResponse } from '../api-error.js';
import { parseWith, readJsonObject } from '../validation.js';
import { readNewDocument, readNewText, titleSchema } from './document-input.js';

const renameBody = z.object({ title: titleSchema });

/** The later of two times; the summary's may be the newer while its edit waits in the log. */
function later(stored: Date, summarized: string | null): string {
  const at = summarized ? Date.parse(summarized) : Number.NaN;
  return Number.isNaN(at) || at <= stored.getTime() ? stored.toISOString() : new Date(at).toISOString();
}

/** Who did something, as recorded with it. */
function authorOf(principal: Principal): RevisionAuthor {
  return { id: principal.id, name: principal.name };
}

function revisionJson({ number, createdAt, author, sourceBytes, inserted, deleted, annotations }: RevisionRecord): RevisionEntry {
  return { number, createdAt: createdAt.toISOString(), author, sizeBytes: sourceBytes, inserted, deleted, annotations };
}

function toJson(record: DocumentRecord, role: Role): DocumentEntry {
  const activity = record.activity;
  return {
    id: record.id,
    title: record.title,
    sizeBytes: record.sourceBytes,
    annotationCount: record.annotationCount,
    // Null only for a document stored before summaries, until the background sweep has read it.
    openThreads: activity?.openThreads ?? null,
    resolvedThreads: activity?.resolvedThreads ?? null,
    lastActivityAt: later(record.updatedAt, activity?.lastActivityAt ?? null),
    recentPeople: activity?.recentPeople ?? [],
    role,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
  };
}

export function documentRoutes(
  documents: DocumentService,
  access: AccessService,
  maxDocumentBytes: number,
  quota: { documents: number; sourceBytes: number },
): Hono<AppEnv> {
  // JSON escapes can take up to 6 bytes per byte of text; the exact text limit is checked after parsing.
  const maxBodyBytes = maxDocumentBytes * 6 + 64 * 1024;
  const notFound = (id: string) => new ApiError(404, 'document_not_found', `no document with id "${id}"`);

  return new Hono<AppEnv>()
    .post(
      '/',
      bodyLimit({
        maxSize: maxBodyBytes,
        onError: (c) => errorResponse(c, 413, 'document_too_large', `the request body is over the limit; texts may be up to ${maxDocumentBytes} bytes`),
      }),
      async (c) => {
        const principal = c.get('principal');
        if (!access.canCreate(principal)) throw new ApiError(403, 'forbidden', 'creating documents needs a global editor or owner role');
        const input = await readNewDocument(c, maxDocumentBytes);
        await access.checkQuota(principal, Buffer.byteLength(input.text, 'utf8'), quota);
        const record = await documents.create(input.title, input.text, authorOf(principal));
        await access.documentCreated(record.id, principal);
        const role = (await access.roleFor(principal, record.id)) ?? 'owner';
        return c.json(toJson(record, role), 201, { Location: `/api/documents/${record.id}` });
      },
    )
    .get('/', async (c) => {
      const principal = c.get('principal');
      const roleOn = await access.listingRoles(principal);
      const listed = (await documents.list()).flatMap((record) => {
        const role = roleOn(record.id);
        return role ? [toJson(record, role)] : [];
      });
      const listing: DocumentListing = { documents: listed, canCreate: access.canCreate(principal) };
      return c.json(listing);
    })
    .get('/:id', async (c) => {
      const id = c.req.param('id');
      const role = await requireRole(c, access, id, 'viewer');
      // ?text=false: metadata only, without loading a possibly large text.
      if (c.req.query('text') === 'false') {
        const record = await documents.record(id);
        if (!record) throw notFound(id);
        return c.json(toJson(record, role));
      }
      const doc = await documents.get(id);
      if (!doc) throw notFound(id);
      return c.json({ ...toJson(doc, role), text: doc.text });
    })
    .put(
      '/:id/text',
      bodyLimit({
        maxSize: maxBodyBytes,
        onError: (c) => errorResponse(c, 413, 'document_too_large', `the request body is over the limit; texts may be up to ${maxDocumentBytes} bytes`),
      }),
      async (c) => {
        const id = c.req.param('id');
        await requireRole(c, access, id, 'editor');
        const text = await readNewText(c, maxDocumentBytes);
        const record = await documents.record(id);
        if (!record) throw notFound(id);
        await access.checkVersionQuota(id, record.sourceBytes, Buffer.byteLength(text, 'utf8'), quota);
        const revision = await documents.revise(id, text, authorOf(c.get('principal')));
        if (!revision) throw notFound(id);
        return c.json({ revision: revisionJson(revision) });
      },
    )
    .get('/:id/revisions', async (c) => {
      const id = c.req.param('id');
      await requireRole(c, access, id, 'viewer');
      const revisions = await documents.revisions(id);
      if (!revisions) throw notFound(id);
      return c.json({ revisions: revisions.map(revisionJson) });
    })
    .patch('/:id', async (c) => {
      const id = c.req.param('id');
      const role = await requireRole(c, access, id, 'editor');
      const { title } = parseWith(renameBody, await readJsonObject(c));
      const record = await documents.rename(id, title);
      if (!record) throw notFound(id);
      return c.json(toJson(record, role));
    })
    .delete('/:id', async (c) => {
      const id = c.req.param('id');
      await requireRole(c, access, id, 'owner');
      if (!(await documents.delete(id))) throw notFound(id);
      return c.body(null, 204);
    });
}
