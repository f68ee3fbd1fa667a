// Sharing a document (owners): grants to people, share links with a role and an expiry, revocation.
// Changes apply to open sockets at once (AccessService.reevaluate).

import { Hono } from 'hono';
import { z } from 'zod';
import { roles } from '../../../shared/model/types.js';
import type { ShareLinkEntry } from '../../../shared/protocol/documents-api.js';
import type { AccessService } from '../../auth/access-service.js';
import type { AccessGrant, ShareLink } from '../../storage/access-store.js';
import { ApiError } from '../api-error.js';
import { type AppEnv, requireRole } from '../authenticate.js';
import { parseWith, readJsonObject } from '../validation.js';

const grantBody = z.object({ role: z.enum(roles) });
const linkBody = z.object({
  role: z.enum(['viewer', 'commenter', 'editor']),
  expiresInSeconds: z
    .number()
    .int()
    .min(60, 'must be at least 60')
    .max(90 * 24 * 3600, 'must be at most 90 days'),
});
const acceptBody = z.object({ token: z.string().min(10).max(200) });

const grantJson = (g: AccessGrant) => ({
  userId: g.userId,
  role: g.role,
  viaLink: g.viaLink,
  expiresAt: g.expiresAt?.toISOString() ?? null,
  grantedBy: g.grantedBy,
  createdAt: g.createdAt.toISOString(),
});

const linkJson = (l: ShareLink): ShareLinkEntry => ({
  id: l.id,
  role: l.role,
  expiresAt: l.expiresAt.toISOString(),
  createdBy: l.createdBy,
  createdAt: l.createdAt.toISOString(),
  revokedAt: l.revokedAt?.toISOString() ?? null,
});

/** Mounted at /api/documents/:documentId/access. */
export function accessRoutes(access: AccessService): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const id = c.req.param('documentId')!;
      await requireRole(c, access, id, 'owner');
      const { grants, links } = await access.listAccess(id);
      return c.json({ grants: grants.map(grantJson), shareLinks: links.map(linkJson) });
    })
    .put('/people/:userId', async (c) => {
      const id = c.req.param('documentId')!;
      await requireRole(c, access, id, 'owner');
      const { role } = parseWith(grantBody, await readJsonObject(c));
      return c.json({ grant: grantJson(await access.setGrant(id, c.req.param('userId'), role, c.get('principal'))) });
    })
    .delete('/people/:userId', async (c) => {
      const id = c.req.param('documentId')!;
      await requireRole(c, access, id, 'owner');
      if (!(await access.removeGrant(id, c.req.param('userId')))) throw new ApiError(404, 'grant_not_found', 'that person has no stored access');
      return c.body(null, 204);
    })
    .post('/links', async (c) => {
      const id = c.req.param('documentId')!;
      await requireRole(c, access, id, 'owner');
      const body = parseWith(linkBody, await readJsonObject(c));
      const { link, token } = await access.createShareLink(id, body.role, body.expiresInSeconds, c.get('principal'));
      return c.json({ shareLink: linkJson(link), token }, 201);
    })
    .delete('/links/:linkId', async (c) => {
      const id = c.req.param('documentId')!;
      await requireRole(c, access, id, 'owner');
      if (!(await access.revokeShareLink(id, c.req.param('linkId')))) throw new ApiError(404, 'share_link_not_found', 'no such share link');
      return c.body(null, 204);
    });
}

/** Mounted at /api/share-links: a signed-in person redeems a link's token. */
export function shareLinkRoutes(access: AccessService): Hono<AppEnv> {
  return new Hono<AppEnv>().post('/accept', async (c) => {
    const { token } = parseWith(acceptBody, await readJsonObject(c));
    const accepted = await access.acceptShareLink(token, c.get('principal'));
    if (!accepted) throw new ApiError(404, 'share_link_not_found', 'the link is unknown, revoked or expired');
    return c.json(accepted);
  });
}
