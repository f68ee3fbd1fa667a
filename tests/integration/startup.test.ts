// What a newcomer sees from `npm start`: the sample report, the URL, and clear configuration errors.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp-dir.js';
import { SERVER_ENTRY, spawnServer } from '../support/test-server.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const sample = readFileSync(join(root, 'server/assets/sample-report.txt'), 'utf8');

type Listing = { documents: { id: string; title: string }[] };

describe('starting the server', () => {
  it('a fresh install opens with the sample report, once', async () => {
    const db = join(tempDir(), 'nested', 'folder', 'glossa.db');
    const first = await spawnServer({ DATABASE_URL: db, SEED_SAMPLE: 'true' });
    const listing = (await (await fetch(`${first.url}/api/documents`)).json()) as Listing;
    expect(listing.documents.map((d) => d.title)).toEqual(['Sample report']);
    const doc = (await (await fetch(`${first.url}/api/documents/${listing.documents[0]!.id}`)).json()) as { text: string };
    expect(doc.text).toBe(sample);
    await first.kill('SIGTERM');

    const second = await spawnServer({ DATABASE_URL: db, SEED_SAMPLE: 'true' });
    const again = (await (await fetch(`${second.url}/api/documents`)).json()) as Listing;
    expect(again.documents).toHaveLength(1);
  });

  it.each([
    [{ PORT: 'eighty' }, /^glossa: bad configuration: PORT: /],
    [{ DATABASE_URL: 'redis://localhost/0' }, /^glossa: bad configuration: DATABASE_URL: /],
  ])('refuses bad configuration %o with one clear line', (env, pattern) => {
    const result = spawnSync(process.execPath, [SERVER_ENTRY], {
      cwd: root,
      env: { ...process.env, ...env },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(pattern);
  });

  it('refuses a port already taken with one clear line', async () => {
    const db = join(tempDir(), 'glossa.db');
    const running = await spawnServer({ DATABASE_URL: db });
    const port = new URL(running.url).port;
    const result = spawnSync(process.execPath, [SERVER_ENTRY], {
      cwd: root,
      env: { ...process.env, PORT: port, DATABASE_URL: join(tempDir(), 'other.db'), LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toMatch(/^glossa: could not start: .*EADDRINUSE/);
  });
});
