// A static page on 127.0.0.1 with the text in one <pre> (as in ../shared/ANCHORS.md) and
// @recogito/text-annotator's UMD bundle, for measuring it side by side with Glossa.

import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface StaticPage {
  url: string;
  version: string;
  close(): Promise<void>;
}

const require = createRequire(import.meta.url);

/** The installed package's version and its dist folder, or null when it is not installed. */
export function recogitoPackage(): { version: string; dist: string } | null {
  try {
    const umd = require.resolve('@recogito/text-annotator');
    const dist = dirname(umd);
    const pkg = JSON.parse(readFileSync(join(dist, '..', 'package.json'), 'utf8')) as { version: string };
    return { version: pkg.version, dist };
  } catch {
    return null;
  }
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export async function serveRecogitoPage(text: string): Promise<StaticPage> {
  const pkg = recogitoPackage();
  if (!pkg) throw new Error('@recogito/text-annotator is not installed');
  const bundle = readFileSync(join(pkg.dist, 'text-annotator.umd.js'));
  const styles = readFileSync(join(pkg.dist, 'text-annotator.css'));
  // The UMD bundle reads process.env.NODE_ENV, which a bundler would have replaced.
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Recogito</title>
<link rel="stylesheet" href="/text-annotator.css">
<style>html, body { margin: 0; } pre { white-space: pre-wrap; margin: 0 auto; max-width: 46rem; padding: 1.5rem; font: 1.05rem/1.7 Georgia, serif; }</style>
<script>window.process = { env: { NODE_ENV: 'production' } };</script>
<script src="/text-annotator.umd.js"></script>
</head><body><pre id="text">${escapeHtml(text)}</pre></body></html>`;
  const files: Record<string, { type: string; body: Buffer | string }> = {
    '/': { type: 'text/html; charset=utf-8', body: html },
    '/text-annotator.umd.js': { type: 'text/javascript; charset=utf-8', body: bundle },
    '/text-annotator.css': { type: 'text/css; charset=utf-8', body: styles },
  };
  const server = createServer((request, response) => {
    const file = files[new URL(request.url ?? '/', 'http://localhost').pathname];
    if (!file) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-cache' }).end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    version: pkg.version,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
