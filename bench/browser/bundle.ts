// The client bundle this run measures. It is built into a folder of the run's own (or copied from
// dist/client with --no-build) and served to the page in place of the server's /embed.js, so a
// rebuild of dist/ by someone else during the run cannot change or break what is measured.

import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { REPO_ROOT } from './paths.js';

export interface Bundle {
  js: Buffer;
  mapPath: string;
}

export function prepareBundle(dir: string, build: boolean): Bundle {
  if (build) {
    execFileSync('npx', ['vite', 'build', '--outDir', dir, '--emptyOutDir', '--logLevel', 'warn'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
      timeout: 180_000,
    });
  } else {
    const dist = join(REPO_ROOT, 'dist', 'client');
    if (!existsSync(join(dist, 'embed.js'))) throw new Error('dist/client/embed.js is missing: run `npm run build` or drop --no-build');
    mkdirSync(dir, { recursive: true });
    for (const file of ['embed.js', 'embed.js.map']) copyFileSync(join(dist, file), join(dir, file));
  }
  return { js: readFileSync(join(dir, 'embed.js')), mapPath: join(dir, 'embed.js.map') };
}

/** Serves the run's bundle wherever the context's pages ask the server for /embed.js. */
export async function serveBundle(context: BrowserContext, bundle: Bundle): Promise<void> {
  await context.route(/\/embed\.js$/, (route) =>
    route.fulfill({ status: 200, body: bundle.js, headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' } }),
  );
}
