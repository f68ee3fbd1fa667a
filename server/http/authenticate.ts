// Establishes who makes each API request. Token mode: `Authorization: Bearer <JWT>`, verified;
// open local mode: the optional X-Glossa-Identity header. The principal is then on c.var.

import type { Context, MiddlewareHandler } from 'hono';
import { IDENTITY_HEADER, type Identity, identitySchema } from '../../shared/protocol/identity.js';
import { atLeast } from '../../shared/model/permissions.js';
import type { Actor, Role } from '../../shared/model/types.js';
import type { AccessService } from '../auth/access-service.js';
import { AuthError, type Principal } from '../auth/principal.js';
import { ApiError } from './api-error.js';
import type { UpgradeBindings } from './socket-upgrades.js';

/** The app's context: who asks (set by `authenticate`), and the node server's bindings with any upgrade. */
export type AppEnv = { Variables: { principal: Principal }; Bindings: UpgradeBindings };

function claimedIdentity(header: string | undefined): Identity | null {
  if (!header) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(decodeURIComponent(header));
  } catch {
    throw new ApiError(400, 'invalid_identity', `${IDENTITY_HEADER}: must be URL-encoded JSON {id, name, color}`);
  }
  const parsed = identitySchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ApiError(400, 'invalid_identity', `${IDENTITY_HEADER}: ${issue?.path.join('.') ?? 'value'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}

export function authenticate(access: AccessService): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    try {
      const principal = access.openMode
        ? await access.authenticate(undefined, claimedIdentity(c.req.header(IDENTITY_HEADER)))
        : await access.authenticate(bearerToken(c.req.header('Authorization')), null);
      c.set('principal', principal);
    } catch (error) {
      if (!(error instanceof AuthError)) throw error;
      c.header('WWW-Authenticate', `Bearer error="${error.code === 'missing_token' ? 'invalid_request' : 'invalid_token'}"`);
      throw new ApiError(401, error.code, error.message);
    }
    await next();
  };
}

/**
 * The caller's role on a document, at least `minimum`. Someone who may not see the document at all
 * gets the same 404 as for a document that does not exist, so ids do not leak.
 */
export async function requireRole(c: Context<AppEnv>, access: AccessService, documentId: string, minimum: Role): Promise<Role> {
  const role = await access.roleFor(c.get('principal'), documentId);
  if (!role) throw new ApiError(404, 'document_not_found', `no document with id "${documentId}"`);
  if (!atLeast(role, minimum)) {
    throw new ApiError(403, 'forbidden', `a ${role} may not do this; it needs ${minimum}`);
  }
  return role;
}

export function actorOf(principal: Principal, role: Role): Actor {
  return { id: principal.id, name: principal.name, color: principal.color, role };
}
