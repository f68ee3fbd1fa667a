// Preloaded into every server under test when BENCH_TRACE_DIR is set: records the server's garbage
// collections and (Glossa's) merges with the clock the load clients time rounds by, and writes
// them to BENCH_TRACE_DIR/<pid>.json when the server stops. bench/round-events.ts lines them up
// with the slow rounds of workload A.
import { subscribe } from 'node:diagnostics_channel';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PerformanceObserver, performance } from 'node:perf_hooks';

const dir = process.env.BENCH_TRACE_DIR;
/** CLOCK_MONOTONIC in ms, as bench/stats.ts monoMs (the load clients' clock). */
const monoMs = () => Number(process.hrtime.bigint()) / 1e6;
// performance.now() counts from timeOrigin; this turns its readings into monoMs.
const offset = monoMs() - performance.now();
const trace = { pid: process.pid, startedAt: monoMs(), stoppedAt: 0, gc: [], merges: [] };

new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    trace.gc.push({ at: offset + entry.startTime, ms: entry.duration, kind: entry.detail?.kind ?? null, flags: entry.detail?.flags ?? null });
  }
}).observe({ entryTypes: ['gc'] });
subscribe('glossa:merge', (event) => trace.merges.push({ at: monoMs(), ...event }));

let written = false;
function write() {
  if (written || !dir) return;
  written = true;
  trace.stoppedAt = monoMs();
  writeFileSync(join(dir, `${process.pid}.json`), JSON.stringify(trace));
}
process.on('exit', write);
// A server that handles SIGTERM itself still does; one that does not must still stop on it.
process.on('SIGTERM', () => {
  write();
  if (process.listenerCount('SIGTERM') === 1) process.exit(143);
});
