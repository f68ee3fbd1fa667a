// Every benchmark runs Glossa as `npm start` does: the server compiled to dist/node, from the work
// tree or (for `--against REV`) from an earlier commit.

import { execFileSync, execSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const ENTRY = 'dist/node/server/main.js';
let compiled = false;

function compile(dir: string): void {
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.server.json'], { cwd: dir, stdio: 'inherit' });
}

/** Compiles the work tree's server once per benchmark process and returns the entry point to run with node. */
export function compiledGlossaEntry(): string {
  if (!compiled) {
    compile(root);
    compiled = true;
  }
  return join(root, ENTRY);
}

/**
 * The server as it was at `rev`, compiled in a copy of that commit under `buildsDir` (kept, keyed
 * by commit, for the next run) with the work tree's node_modules: what it measures is that commit's
 * code, not its dependencies. Returns the commit and the entry point.
 */
export function compiledGlossaAt(rev: string, buildsDir: string): { commit: string; entry: string } {
  const commit = execFileSync('git', ['rev-parse', '--verify', `${rev}^{commit}`], { cwd: root, encoding: 'utf8' }).trim();
  const dir = join(buildsDir, commit);
  if (!existsSync(join(dir, ENTRY))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    execSync(`git archive --format=tar ${commit} | tar -x -C ${JSON.stringify(dir)}`, { cwd: root, stdio: 'inherit' });
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
    compile(dir);
  }
  return { commit, entry: join(dir, ENTRY) };
}
