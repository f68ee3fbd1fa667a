// The documents resource: /api/documents and /api/documents/:id.

import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AccessService } from '../../auth/access-service.js';
import type { DocumentService } from '../../documents/document-service.js';
import { type AppEnv, requireRole } from '../authenticate.js';
import type { DocumentRecord } from '../../storage/store.js';
import { ApiError, errorResponse } from '../api-error.js';
import { readNewDocument } from './document-input.js';

function toJson(record: DocumentRecord) {
  return {
    id: record.id,
    title: record.title,
    sizeBytes: record.sourceBytes,
    annotationCount: record.annotationCount,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
  };
}

export function documentRoutes(documents: DocumentService, access: AccessService, maxDocumentBytes: number): Hono<AppEnv> {
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
        const record = await documents.create(input.title, input.text);
        await access.documentCreated(record.id, principal);
        return c.json(toJson(record), 201, { Location: `/api/documents/${record.id}` });
      },
    )
    .get('/', async (c) => {
      const visible = await access.visibleDocuments(c.get('principal'));
      const all = await documents.list();
      return c.json({ documents: (visible === 'all' ? all : all.filter((d) => visible.has(d.id))).map(toJson) });
    })
    .get('/:id', async (c) => {
      const id = c.req.param('id');
      await requireRole(c, access, id, 'viewer');
      // ?text=false: metadata only, without loading a possibly large text.
      if (c.req.query('text') === 'false') {
        const record = await documents.record(id);
        if (!record) throw notFound(id);
        return c.json(toJson(record));
      }
      const doc = await documents.get(id);
      if (!doc) throw notFound(id);
      return c.json({ ...toJson(doc), text: doc.text });
    })
    .delete('/:id', async (c) => {
      const id = c.req.param('id');
      await requireRole(c, access, id, 'owner');
      if (!(await documents.delete(id))) throw notFound(id);
      return c.body(null, 204);
    });
}
