// Starts a server as a child process and waits for its "ready" line; stops it on request.

import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sleep, withTimeout } from '../stats.js';
import { pin } from '../pin.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const GC_PRELOAD = new URL('./gc-on-signal.mjs', import.meta.url).href;
const TRACE_PRELOAD = new URL('./trace-events.mjs', import.meta.url).href;

/** process.memoryUsage() of a server, read after a full GC. */
export interface HeapUsage {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

export interface ChildServer {
  pid: number;
  /** The first match of the ready pattern. */
  ready: RegExpExecArray;
  collectGarbage(): Promise<HeapUsage>;
  stop(): Promise<void>;
  /** SIGKILL, as `kill -9`; resolves once the process is gone. */
  kill(): Promise<void>;
}

export interface SpawnOptions {
  /** Node flags before the script (e.g. --import tsx, --cpu-prof). */
  nodeArgs?: string[];
  script: string;
  env: Record<string, string>;
  ready: RegExp;
  startTimeoutMs?: number;
}

/** A free TCP port on 127.0.0.1 for servers that cannot be told to pick one. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export async function spawnServer(options: SpawnOptions): Promise<ChildServer> {
  const traceDir = process.env.BENCH_TRACE_DIR;
  const trace = traceDir ? ['--import', TRACE_PRELOAD] : [];
  const args = ['--expose-gc', '--import', GC_PRELOAD, ...trace, ...(options.nodeArgs ?? []), options.script];
  const memoryDir = mkdtempSync(join(tmpdir(), 'glossa-bench-mem-'));
  const memoryFile = join(memoryDir, 'usage.json');
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'production',
      BENCH_MEMORY_FILE: memoryFile,
      ...(traceDir ? { BENCH_TRACE_DIR: traceDir } : {}),
      ...(process.env.BENCH_HEAP_SNAPSHOT_DIR ? { BENCH_HEAP_SNAPSHOT_DIR: process.env.BENCH_HEAP_SNAPSHOT_DIR } : {}),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let output = '';
  const ready = new Promise<RegExpExecArray>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = options.ready.exec(output);
      if (match) resolve(match);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    void exited.then((code) => reject(new Error(`${options.script} exited (${code}) before it was ready:\n${output}`)));
  });
  const match = await withTimeout(ready, options.startTimeoutMs ?? 30_000, `${options.script} to start`).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  // Keep draining the pipes so a chatty server never blocks on a full pipe; BENCH_SERVER_LOG keeps
  // what it says (with LOG_LEVEL passed through) for reading a run's timeline afterwards.
  const logFile = process.env.BENCH_SERVER_LOG;
  if (logFile) {
    appendFileSync(logFile, output);
    for (const stream of [child.stdout!, child.stderr!]) stream.on('data', (chunk: Buffer) => appendFileSync(logFile, chunk));
  }
  child.stdout!.resume();
  child.stderr!.resume();
  const pid = child.pid!;
  pin(pid, 'server');
  return {
    pid,
    ready: match,
    async collectGarbage() {
      rmSync(memoryFile, { force: true });
      child.kill('SIGUSR2');
      // A heap snapshot of a large heap takes a while to write.
      const polls = process.env.BENCH_HEAP_SNAPSHOT_DIR ? 2_400 : 100;
      for (let i = 0; i < polls && !existsSync(memoryFile); i++) await sleep(50);
      await sleep(50);
      return JSON.parse(readFileSync(memoryFile, 'utf8')) as HeapUsage;
    },
    async kill() {
      rmSync(memoryDir, { recursive: true, force: true });
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      rmSync(memoryDir, { recursive: true, force: true });
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const done = await Promise.race([exited.then(() => true), sleep(15_000).then(() => false)]);
      if (!done) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}
