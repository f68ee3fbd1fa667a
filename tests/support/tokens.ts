// Signed identity tokens for tests, made the way an intranet would (jose, HS256).

import { SignJWT } from 'jose';
import type { Role } from '../../shared/model/types.js';

export const TEST_SECRET = 'test-secret-that-is-long-enough-for-hs256!';

export interface TokenClaims {
  sub: string;
  name?: string;
  color?: string;
  role?: Role;
  grants?: Record<string, Role>;
  /** Seconds from now until expiry; negative for an already expired token. */
  expiresIn?: number;
}

export async function signToken(claims: TokenClaims, secret = TEST_SECRET): Promise<string> {
  const { expiresIn = 3600, ...rest } = claims;
  return new SignJWT({ ...rest })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + expiresIn)
    .sign(new TextEncoder().encode(secret));
}
