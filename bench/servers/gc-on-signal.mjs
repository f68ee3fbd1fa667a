// Preloaded into every server under test (with --expose-gc). On SIGUSR2 it runs a full GC and,
// when BENCH_MEMORY_FILE is set, writes process.memoryUsage() there, so servers are compared on
// what they actually keep rather than on garbage or on pages the allocator has not returned.
// With BENCH_HEAP_SNAPSHOT_DIR set it also writes a heap snapshot per reading, numbered in order,
// to find out who holds the memory a workload reports.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';

let readings = 0;
process.on('SIGUSR2', () => {
  if (typeof globalThis.gc === 'function') globalThis.gc();
  const snapshotDir = process.env.BENCH_HEAP_SNAPSHOT_DIR;
  if (snapshotDir) writeHeapSnapshot(join(snapshotDir, `${process.pid}-${++readings}.heapsnapshot`));
  const file = process.env.BENCH_MEMORY_FILE;
  if (file) writeFileSync(file, JSON.stringify(process.memoryUsage()));
});
