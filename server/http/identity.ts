// Who is making a request. Open local mode (no access control yet): everyone is an editor under
// the name their client sends in X-Glossa-Identity; without one, "Anonymous".

import type { MiddlewareHandler } from 'hono';
import { IDENTITY_HEADER, identitySchema } from '../../shared/protocol/identity.js';
import type { Actor } from '../../shared/model/types.js';
import { ApiError } from './api-error.js';

export type AppEnv = { Variables: { actor: Actor } };

const anonymous: Actor = { id: 'anonymous', name: 'Anonymous', color: '#868e96', role: 'editor' };

export function openModeIdentity(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header(IDENTITY_HEADER);
    if (!header) {
      c.set('actor', anonymous);
    } else {
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
      c.set('actor', { ...parsed.data, role: 'editor' });
    }
    await next();
  };
}
