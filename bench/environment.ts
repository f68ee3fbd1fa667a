// The machine and exact package versions, recorded with every run.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './servers/child.js';

const PACKAGES = [
  'yjs',
  'y-protocols',
  'y-websocket',
  'y-websocket-server-1',
  'y-leveldb',
  'leveldown',
  '@hocuspocus/server',
  '@hocuspocus/extension-sqlite',
  '@hocuspocus/provider',
  'ws',
  'better-sqlite3',
  'drizzle-orm',
  'hono',
];

/** The installed version (read from node_modules, since some packages do not export package.json). */
function versionOf(name: string): string {
  try {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'not installed';
  }
}

/** The commit Glossa was measured at, and whether its server code had uncommitted changes. */
function glossaRevision(): { commit: string; dirty: boolean } {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
    return { commit: git('rev-parse', '--short', 'HEAD'), dirty: git('status', '--porcelain', '--', 'server', 'shared') !== '' };
  } catch {
    return { commit: 'unknown', dirty: false };
  }
}

export function environment() {
  const cpu = cpus();
  return {
    node: process.version,
    cpuModel: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    platform: `${process.platform} ${process.arch}`,
    glossa: glossaRevision(),
    versions: Object.fromEntries(PACKAGES.map((p) => [p, versionOf(p)])),
  };
}
