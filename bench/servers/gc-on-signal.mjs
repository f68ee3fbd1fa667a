// Preloaded into every server under test (with --expose-gc). On SIGUSR2 it runs a full GC and,
// when BENCH_MEMORY_FILE is set, writes process.memoryUsage() there, so servers are compared on
// what they actually keep rather than on garbage or on pages the allocator has not returned.
import { writeFileSync } from 'node:fs';

process.on('SIGUSR2', () => {
  if (typeof globalThis.gc === 'function') globalThis.gc();
  const file = process.env.BENCH_MEMORY_FILE;
  if (file) writeFileSync(file, JSON.stringify(process.memoryUsage()));
});
