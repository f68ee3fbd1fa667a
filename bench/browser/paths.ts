// Where the harness reads and writes: the repository root and the results folders.

import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const RAW_DIR = join(REPO_ROOT, 'bench', 'results', 'raw');
export const SUMMARY_FILE = join(REPO_ROOT, 'bench', 'results', 'browser-render.json');
