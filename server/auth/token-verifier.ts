// Verifies signed identity tokens with jose (never by hand): HS256 with GLOSSA_SECRET, or RS256 /
// EdDSA against a configured public key or JWKS. `exp` and `sub` are required.

import { type JWTPayload, type JWTVerifyGetKey, createRemoteJWKSet, errors, importSPKI, jwtVerify } from 'jose';
import { z } from 'zod';
import { roles } from '../../shared/model/types.js';
import { colorForId } from '../../shared/protocol/identity.js';
import type { AuthConfig } from '../config.js';
import { AuthError, type Principal } from './principal.js';
import { HEX_COLOR } from '../../shared/model/color.js';

const claimsSchema = z.object({
  sub: z.string().min(1).max(200),
  name: z.string().trim().min(1).max(80).optional(),
  color: z.string().regex(HEX_COLOR).optional(),
  role: z.enum(roles).optional(),
  grants: z.record(z.string(), z.enum(roles)).optional(),
  exp: z.number(),
});

export type TokenVerifier = (token: string) => Promise<Principal>;

export async function createTokenVerifier(auth: Extract<AuthConfig, { mode: 'token' }>): Promise<TokenVerifier> {
  let key: Uint8Array | CryptoKey | JWTVerifyGetKey;
  let algorithms: string[];
  switch (auth.key.kind) {
    case 'secret':
      key = new TextEncoder().encode(auth.key.secret);
      algorithms = ['HS256'];
      break;
    case 'public-key': {
      const pem = auth.key.pem;
      // The key's own type decides the algorithm: Ed25519 keys verify EdDSA, RSA keys RS256.
      const isEd = await importSPKI(pem, 'EdDSA').then(
        () => true,
        () => false,
      );
      algorithms = isEd ? ['EdDSA'] : ['RS256'];
      key = await importSPKI(pem, algorithms[0]!);
      break;
    }
    case 'jwks':
      key = createRemoteJWKSet(new URL(auth.key.url));
      algorithms = ['RS256', 'EdDSA', 'ES256'];
      break;
  }

  return async (token: string) => {
    let payload: JWTPayload;
    try {
      const options = { algorithms, audience: auth.audience, issuer: auth.issuer, requiredClaims: ['exp', 'sub'] };
      payload = (typeof key === 'function' ? await jwtVerify(token, key, options) : await jwtVerify(token, key, options)).payload;
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new AuthError('token_expired', 'the token has expired');
      throw new AuthError('invalid_token', 'the token is not valid');
    }
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) throw new AuthError('invalid_token', `the token's claims are not valid (${claims.error.issues[0]?.path.join('.')})`);
    const c = claims.data;
    return {
      id: c.sub,
      name: c.name ?? c.sub,
      color: c.color ?? colorForId(c.sub),
      role: c.role ?? null,
      grants: new Map(Object.entries(c.grants ?? {})),
      expiresAt: c.exp * 1000,
    };
  };
}
