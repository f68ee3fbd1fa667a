// Every benchmark runs Glossa as `npm start` does: the work tree's server compiled to dist/node.

import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
let compiled = false;

/** Compiles the server once per benchmark process and returns the entry point to run with node. */
export function compiledGlossaEntry(): string {
  if (!compiled) {
    execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.server.json'], { cwd: root, stdio: 'inherit' });
    compiled = true;
  }
  return join(root, 'dist/node/server/main.js');
}
