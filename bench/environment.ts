// The machine and exact package versions, recorded with every run.

import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

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
  'hono',
  '@hono/node-ws',
];

function versionOf(name: string): string {
  try {
    // Some packages do not export package.json; find it from the resolved entry instead.
    let dir = dirname(require.resolve(name));
    for (let i = 0; i < 6; i++) {
      try {
        const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
        if (pkg.version && (pkg.name === name || name.endsWith('-1'))) return pkg.version;
      } catch {
        // keep walking up
      }
      dir = dirname(dir);
    }
  } catch {
    // not installed
  }
  return 'not installed';
}

export function environment() {
  const cpu = cpus();
  return {
    node: process.version,
    cpuModel: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    platform: `${process.platform} ${process.arch}`,
    versions: Object.fromEntries(PACKAGES.map((p) => [p, versionOf(p)])),
  };
}
