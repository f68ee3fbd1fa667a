// The browser client: the pages, the icon, and /embed.js (built by `npm run build`), which other
// origins may load as a module script, hence the CORS header on it.

import { readFile } from 'node:fs/promises';
import { Hono } from 'hono';
import { errorResponse } from '../api-error.js';
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

export function clientRoutes(): Hono {
  const servePage = (name: string) => async (c: import('hono').Context) => {
    const body = await read(page(name));
    if (!body) return errorResponse(c, 404, 'not_found', `no page ${name}`);
    return c.body(new Uint8Array(body), 200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' });
  };
  const serveBundle = (name: string, type: string) => async (c: import('hono').Context) => {
    const body = await read(bundle(name));
    if (!body) return errorResponse(c, 503, 'client_not_built', 'the browser client is not built; run `npm run build`');
    return c.body(new Uint8Array(body), 200, {
      'Content-Type': type,
      'Access-Control-Allow-Origin': '*',
      'Cache-Control': 'no-cache',
    });
  };
  const serveIcon = async (c: import('hono').Context) => {
    const body = await read(page('favicon.svg'));
    if (!body) return errorResponse(c, 404, 'not_found', 'no icon');
    return c.body(new Uint8Array(body), 200, { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'public, max-age=86400' });
  };
  return new Hono()
    .get('/', servePage('index.html'))
    .get('/favicon.svg', serveIcon)
    // Browsers ask for /favicon.ico whatever the page links to; an SVG answer is drawn all the same.
    .get('/favicon.ico', serveIcon)
    .get('/documents/:id', servePage('document.html'))
    .get('/embed-example.html', servePage('embed-example.html'))
    .get('/embed.js', serveBundle('embed.js', 'text/javascript; charset=utf-8'))
    .get('/embed.js.map', serveBundle('embed.js.map', 'application/json'));
}
