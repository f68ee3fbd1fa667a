// A compaction's SQLite write of a restart-sized snapshot (11.6 MB, a 3 MB floor, 2,700 rows
// deleted), in one transaction or in parts (server/storage/sqlite/snapshot-writer.ts): how long the
// main thread is held at a time, while another document's edits are stored every millisecond.
//   npx tsx bench/micro/snapshot-parts.ts [partBytes=1048576] [rounds=4]
// partBytes larger than the snapshot gives the one-transaction write. The bytes are random (SQLite
// does not compress), and the store is a real file under the system's temp directory.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../server/storage/sqlite/sqlite-store.js';

const partBytes = Number(process.argv[2] ?? 1024 * 1024);
const rounds = Number(process.argv[3] ?? 4);
const dir = mkdtempSync(join(tmpdir(), 'glossa-parts-'));
const store = new SqliteStore(join(dir, 'glossa.db'), { checkpointThreadAtOpen: true, snapshotPartBytes: partBytes });

function randomBytes(n: number): Uint8Array {
  const bytes = new Uint8Array(n);
  for (let i = 0; i < n; i++) bytes[i] = (Math.random() * 256) | 0;
  return bytes;
}

await store.createDocument({ id: 'report', title: 'Report', sourceBytes: 1, state: randomBytes(11_000_000), stateVector: randomBytes(200) });
await store.createDocument({ id: 'other', title: 'Other', sourceBytes: 1, state: randomBytes(100), stateVector: randomBytes(20) });
for (let round = 0; round < rounds; round++) {
  for (let i = 0; i < 2700; i++) await store.appendUpdate('report', randomBytes(1200));
  const upTo = (await store.loadState('report'))!.lastUpdateId;
  const [snapshot, floor, vector] = [randomBytes(11_600_000), randomBytes(3_000_000), randomBytes(200)];
  // A timer that comes late measures how long the main thread was held.
  let last = performance.now();
  let longest = 0;
  let otherEdits = 0;
  const tick = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    void store.appendUpdate('other', randomBytes(50)).then(() => (otherEdits += 1));
  }, 1);
  const started = performance.now();
  await store.compact('report', snapshot, upTo, vector, floor);
  const took = performance.now() - started;
  clearInterval(tick);
  // Measured from the start: a write in one go never lets the timer run at all.
  longest = Math.max(longest, otherEdits === 0 ? took : 0);
  const loaded = (await store.loadState('report'))!;
  const same =
    Buffer.compare(Buffer.from(loaded.snapshot!), Buffer.from(snapshot)) === 0 && Buffer.compare(Buffer.from(loaded.snapshotFloor!), Buffer.from(floor)) === 0;
  console.log(
    `round ${round + 1}: compaction ${took.toFixed(0)} ms, main thread held at most ${longest.toFixed(0)} ms, other document's edits stored meanwhile ${otherEdits}, loads back the same: ${same}`,
  );
}
await store.close();
rmSync(dir, { recursive: true, force: true });
