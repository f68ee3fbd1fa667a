// Files the server reads at run time (migrations, pages, the client bundle, the sample report)
// are found from the project root, so the same code works from server/ under tsx and from the
// compiled copy in dist/node/server/ that `npm start` runs.

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json in or above ${from}`);
    dir = parent;
  }
  return dir;
}

const root = findRoot(dirname(fileURLToPath(import.meta.url)));

/** An absolute path inside the project checkout. */
export function projectPath(...parts: string[]): string {
  return join(root, ...parts);
}
