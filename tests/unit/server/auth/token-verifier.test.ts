// Token verification with each key source an intranet may use: HS256 secret, RS256 and EdDSA
// public keys, and a JWKS endpoint (served here on loopback).

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, exportSPKI, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { identityFromToken } from '../../../../client/sync/token-identity.js';
import { AuthError } from '../../../../server/auth/principal.js';
import { createTokenVerifier } from '../../../../server/auth/token-verifier.js';
import { cleanUp } from '../../../support/clean-up.js';
import { TEST_SECRET, signToken } from '../../../support/tokens.js';

const base = { viewerPresence: 'show' as const };

async function sign(alg: string, key: CryptoKey, claims: Record<string, unknown> = {}, kid?: string) {
  return new SignJWT({ name: 'Pat', role: 'commenter', ...claims })
    .setProtectedHeader({ alg, ...(kid ? { kid } : {}) })
    .setSubject('u-pat')
    .setExpirationTime('10m')
    .sign(key);
}

async function expectAuthError(promise: Promise<unknown>, code: AuthError['code']) {
  await expect(promise).rejects.toBeInstanceOf(AuthError);
  await promise.catch((error: AuthError) => expect(error.code).toBe(code));
}

describe('token verifier', () => {
  it('HS256 with a shared secret: claims become the principal', async () => {
    const verify = await createTokenVerifier({ mode: 'token', key: { kind: 'secret', secret: TEST_SECRET }, ...base });
    const principal = await verify(await signToken({ sub: 'u-1', name: 'Ana', role: 'editor', grants: { d1: 'owner' } }));
    expect(principal).toMatchObject({ id: 'u-1', name: 'Ana', role: 'editor', grants: new Map([['d1', 'owner']]) });
    expect(principal.color).toMatch(/^#[0-9a-f]{6}$/i);
    // Without a colour claim, the browser shows the person in the colour the server gives others.
    expect(identityFromToken(await signToken({ sub: 'u-1' }))!.color).toBe(principal.color);
    expect(principal.expiresAt).toBeGreaterThan(Date.now());
  });

  for (const alg of ['RS256', 'EdDSA'] as const) {
    it(`${alg} against a configured public key, refusing other keys and algorithms`, async () => {
      const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
      const verify = await createTokenVerifier({ mode: 'token', key: { kind: 'public-key', pem: await exportSPKI(publicKey) }, ...base });
      expect(await verify(await sign(alg, privateKey))).toMatchObject({ id: 'u-pat', name: 'Pat', role: 'commenter' });
      const other = await generateKeyPair(alg);
      await expectAuthError(verify(await sign(alg, other.privateKey)), 'invalid_token');
      // An HS256 token made with the public key as its secret must not pass (algorithm confusion).
      await expectAuthError(verify(await signToken({ sub: 'x' }, await exportSPKI(publicKey))), 'invalid_token');
    });
  }

  it('keys from a JWKS endpoint, by kid', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanUp(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
    const verify = await createTokenVerifier({ mode: 'token', key: { kind: 'jwks', url }, ...base });
    expect((await verify(await sign('RS256', privateKey, {}, 'k1'))).id).toBe('u-pat');
    await expectAuthError(verify(await sign('RS256', (await generateKeyPair('RS256')).privateKey, {}, 'k1')), 'invalid_token');
  });

  it('enforces exp and sub, audience and issuer, and valid claims', async () => {
    const verify = await createTokenVerifier({
      mode: 'token',
      key: { kind: 'secret', secret: TEST_SECRET },
      audience: 'glossa',
      issuer: 'https://intranet.example.org',
      ...base,
    });
    const key = new TextEncoder().encode(TEST_SECRET);
    const make = (build: (jwt: SignJWT) => SignJWT, claims: Record<string, unknown> = {}) =>
      build(new SignJWT(claims).setProtectedHeader({ alg: 'HS256' })).sign(key);
    const good = (jwt: SignJWT) => jwt.setSubject('u').setAudience('glossa').setIssuer('https://intranet.example.org').setExpirationTime('5m');
    expect((await verify(await make(good))).id).toBe('u');
    await expectAuthError(verify(await make((j) => good(j).setExpirationTime(Math.floor(Date.now() / 1000) - 60))), 'token_expired');
    await expectAuthError(verify(await make((j) => j.setSubject('u').setAudience('glossa').setIssuer('https://intranet.example.org'))), 'invalid_token');
    await expectAuthError(verify(await make((j) => good(j).setAudience('other'))), 'invalid_token');
    await expectAuthError(verify(await make((j) => good(j).setIssuer('https://evil.example'))), 'invalid_token');
    await expectAuthError(verify(await make(good, { role: 'superuser' })), 'invalid_token');
    await expectAuthError(verify('a.b.c'), 'invalid_token');
  });
});
