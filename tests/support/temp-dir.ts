// Fresh temporary folders for SQLite files, removed after the test file.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanUp } from './clean-up.js';

export function tempDir(prefix = 'glossa-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanUp(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
