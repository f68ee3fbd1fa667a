// `--pin`: the server under test alone on CPU 0, the harness and its load clients on CPU 1. On a
// 2-core machine the load clients otherwise take CPU from the server at the moments that make a
// tail; pinned, a server's latency is its own (the clients, sharing one core, are slower for all).

import { execFileSync } from 'node:child_process';

const ENV = 'BENCH_PIN';

export function enablePinning(): void {
  process.env[ENV] = '1';
  pin(process.pid, 'clients');
}

/** Moves every thread of `pid` to its CPU, when pinning is on. */
export function pin(pid: number, role: 'server' | 'clients'): void {
  if (process.env[ENV] !== '1') return;
  execFileSync('taskset', ['-a', '-p', '-c', role === 'server' ? '0' : '1', String(pid)], { stdio: 'ignore' });
}
