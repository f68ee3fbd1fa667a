// Vitest global setup: builds /embed.js and the compiled server once, so tests run the client and
// the server process exactly as `npm start` serves them from this tree.

import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = fileURLToPath(new URL('../..', import.meta.url));

export default async function setup(): Promise<void> {
  await build({ logLevel: 'warn' });
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.server.json'], { cwd: root, stdio: 'inherit' });
}
