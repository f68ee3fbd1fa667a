// An intranet on another origin that knows who is signed in (a cookie) and hands Glossa's
// elements a signed token, as docs/security.md describes.

import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext } from 'playwright-core';
import { cleanUp } from './clean-up.js';
import { type TokenClaims, signToken } from './tokens.js';

export interface Intranet {
  url: string;
  /** Signs this browser profile in as `user`. */
  signIn(context: BrowserContext, user: string): Promise<void>;
}

/**
 * Serves `body(token, url)` inside a page that loads Glossa's /embed.js, for the person the cookie
 * names (claims from `people`); 401 for anyone else.
 */
export async function startIntranet(
  glossaUrl: () => string,
  people: Record<string, Omit<TokenClaims, 'sub'>>,
  body: (token: string, url: URL) => string | null,
): Promise<Intranet> {
  const server: Server = createServer((req, res) => {
    void (async () => {
      const user = /(?:^|;\s*)user=(\w+)/.exec(req.headers.cookie ?? '')?.[1] ?? '';
      const claims = people[user];
      if (!claims) return res.writeHead(401, { 'content-type': 'text/plain' }).end('sign in first');
      const html = body(await signToken({ sub: user, ...claims }), new URL(req.url ?? '/', 'http://intranet'));
      if (html === null) return res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        `<!doctype html><html lang="en"><head><title>Intranet</title><link rel="icon" href="data:,">` +
          `<script type="module" src="${glossaUrl()}/embed.js"></script></head><body>${html}</body></html>`,
      );
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanUp(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    signIn: (context, user) => context.addCookies([{ name: 'user', value: user, url }]),
  };
}
