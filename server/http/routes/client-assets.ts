// The browser client: the pages, the icon, /embed.js and the pages' own scripts (built by
// `npm run build`). Other origins may load /embed.js as a module script, hence the CORS header on
// the bundles. Each page is served with Glossa's strict content policy (content-policy.ts).

import { readFile } from 'node:fs/promises';
import { type Context, Hono } from 'hono';
import { errorResponse } from '../api-error.js';
import { CSP, pagePolicy, styleHashes } from '../content-policy.js';
import { projectPath } from '../../project-paths.js';

const page = (name: string) => projectPath('client/pages', name);
const bundle = (name: string) => projectPath('dist/client', name);

async function read(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch {
    return null;
  }
}

export interface ClientRouteOptions {
  /** FRAME_ANCESTORS: who may frame the pages. */
  frameAncestors: string;
}

export function clientRoutes(options: ClientRouteOptions): Hono {
  const servePage = (name: string) => async (c: Context) => {
    const body = await read(page(name));
    if (!body) return errorResponse(c, 404, 'not_found', `no page ${name}`);
    const policy = pagePolicy({ frameAncestors: options.frameAncestors, host: c.req.header('Host'), styleHashes: styleHashes(body.toString('utf8')) });
    return c.body(new Uint8Array(body), 200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache', [CSP]: policy });
  };
  const serveBundle = (name: string, type: string) => async (c: Context) => {
    const body = await read(bundle(name));
    if (!body) return errorResponse(c, 503, 'client_not_built', 'the browser client is not built; run `npm run build`');
    return c.body(new Uint8Array(body), 200, {
      'Content-Type': type,
      'Access-Control-Allow-Origin': '*',
      'Cache-Control': 'no-cache',
    });
  };
  const serveIcon = async (c: Context) => {
    const body = await read(page('favicon.svg'));
    if (!body) return errorResponse(c, 404, 'not_found', 'no icon');
    return c.body(new Uint8Array(body), 200, { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'public, max-age=86400' });
  };
  const app = new Hono()
    .get('/', servePage('index.html'))
    .get('/favicon.svg', serveIcon)
    // Browsers ask for /favicon.ico whatever the page links to; an SVG answer is drawn all the same.
    .get('/favicon.ico', serveIcon)
    .get('/documents/:id', servePage('document.html'))
    .get('/embed-example.html', servePage('embed-example.html'));
  // The bundle every embedding page loads, and the scripts of Glossa's own pages.
  for (const name of ['embed', 'document-page', 'embed-example']) {
    app.get(`/${name}.js`, serveBundle(`${name}.js`, 'text/javascript; charset=utf-8'));
    app.get(`/${name}.js.map`, serveBundle(`${name}.js.map`, 'application/json'));
  }
  return app;
}
