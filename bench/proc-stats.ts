// Reads a process's CPU time and resident memory from /proc, the same way for every server.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticksPerSecond: number | null = null;

function clockTicks(): number {
  if (ticksPerSecond === null) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** Whose CPU time: the whole process (every thread), or its main thread alone (the event loop). */
export type CpuScope = 'process' | 'main-thread';

/**
 * User + system CPU time used so far, in ms (10 ms resolution at 100 ticks/s). A process's main
 * thread is the task whose id is the pid; the rest are V8's helpers (GC, compilers), libuv's pool and
 * worker threads.
 */
export function cpuMs(pid: number, scope: CpuScope = 'process'): number {
  const stat = readFileSync(scope === 'process' ? `/proc/${pid}/stat` : `/proc/${pid}/task/${pid}/stat`, 'utf8');
  // Field 2 (comm) may contain spaces; everything after its closing parenthesis is space-separated.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the whole line, i.e. 11 and 12 after comm/state.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / clockTicks();
}

/** Resident set size in KiB (VmRSS). */
export function rssKiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]);
}

/** CPU used between two readings. */
export class CpuMeter {
  private readonly start: number;
  constructor(
    private readonly pid: number,
    private readonly scope: CpuScope = 'process',
  ) {
    this.start = cpuMs(pid, scope);
  }
  elapsedMs(): number {
    return cpuMs(this.pid, this.scope) - this.start;
  }
}
