// What one durable append costs the event loop when edits come back to back (as in workload B) and
// when they come a few milliseconds apart (as in A, and as people edit): the store's own
// `appendUpdate` on a real file, timed in CPU (process.cpuUsage) and wall time. Between two sparse
// edits other processes run and SQLite's code, its pages and the kernel's write path leave the
// caches, so the same statement costs several times more; `select 1` shows what merely calling into
// SQLite costs then.
// `npx tsx bench/micro/cold-commit.ts [appends] [gap ms]`

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { SqliteStore } from '../../server/storage/sqlite/sqlite-store.js';
import { median, percentile } from '../stats.js';

const appends = Number(process.argv[2] ?? 400);
const gapMs = Number(process.argv[3] ?? 5);

interface Timing {
  cpuUs: number;
  wallUs: number;
}

async function time(run: () => unknown): Promise<Timing> {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  await run();
  const wallUs = Number(process.hrtime.bigint() - start) / 1000;
  const used = process.cpuUsage(cpu);
  return { cpuUs: used.user + used.system, wallUs };
}

/** `gap`: milliseconds of idle event loop before each call (0: back to back). */
async function series(gap: number, run: () => unknown): Promise<Timing[]> {
  const timings: Timing[] = [];
  for (let i = 0; i < appends; i++) {
    if (gap > 0) await new Promise((resolve) => setTimeout(resolve, gap));
    timings.push(await time(run));
  }
  return timings;
}

function describe(name: string, timings: Timing[]): void {
  const cpu = timings.map((t) => t.cpuUs);
  const wall = timings.map((t) => t.wallUs);
  console.log(`${name}: CPU p50 ${median(cpu).toFixed(0)} µs, p90 ${percentile(cpu, 90).toFixed(0)}; wall p50 ${median(wall).toFixed(0)} µs`);
}

const dir = mkdtempSync(join(tmpdir(), 'glossa-cold-commit-'));
const path = join(dir, 'glossa.db');
const store = new SqliteStore(path);
const probe = new Database(path);
try {
  const seed = new Y.Doc();
  seed.getText('source').insert(0, 'The commissioning report.');
  await store.createDocument({ id: 'report', title: 'report', sourceBytes: 25, state: Y.encodeStateAsUpdate(seed) });
  // An annotation-sized update (workload A writes ~280 bytes).
  const update = new Uint8Array(280).fill(7);
  const append = () => store.appendUpdate('report', update);
  const select = probe.prepare('select 1');
  await series(0, append); // warm-up: compiled code, a log of some rows
  describe('appendUpdate, back to back', await series(0, append));
  describe(`appendUpdate, ${gapMs} ms apart`, await series(gapMs, append));
  describe(`select 1, ${gapMs} ms apart`, await series(gapMs, () => select.get()));
} finally {
  probe.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
