// A Redis of the fault suite's own (redis-server as a child process on a free loopback port, no
// persistence), which a test may stop and start again without touching the shared one on 6379.
//
//   const probe = requirePrivateRedis('what is skipped');  // loud warning when it cannot run
//   const redis = await startPrivateRedis();               // { url, stop(), start() }

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { cleanUp } from '../../support/clean-up.js';
import { freePort } from './free-port.js';

const REDIS_SERVER = process.env.GLOSSA_TEST_REDIS_SERVER ?? 'redis-server';

export interface PrivateRedisProbe {
  available: boolean;
  reason: string;
}

export function probePrivateRedis(): PrivateRedisProbe {
  const version = spawnSync(REDIS_SERVER, ['--version'], { encoding: 'utf8' });
  if (version.error || version.status !== 0) {
    return { available: false, reason: `${REDIS_SERVER} cannot be run: ${version.error?.message ?? version.stderr}` };
  }
  return { available: true, reason: '' };
}

export function requirePrivateRedis(what: string): PrivateRedisProbe {
  const probe = probePrivateRedis();
  if (!probe.available) {
    console.warn(`\n!!! SKIPPING fault tests on a private Redis: ${what}\n!!! ${probe.reason}\n!!! Needs: apt-get install redis-server\n`);
  }
  return probe;
}

export interface PrivateRedis {
  url: string;
  port: number;
  /** Ends the server (SIGKILL by default: every connection drops at once, nothing is said). */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port, empty; resolves once it accepts connections. */
  start(): Promise<void>;
  running(): boolean;
  log(): string;
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  let lines: string[] = [];

  const start = async () => {
    if (child) return;
    const proc = spawn(
      REDIS_SERVER,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'notice'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = proc;
    exited = new Promise((resolve) =>
      proc.once('exit', () => {
        if (child === proc) child = null;
        resolve();
      }),
    );
    await new Promise<void>((resolve, reject) => {
      let sinceStart = '';
      const onData = (chunk: Buffer) => {
        const text = chunk.toString();
        for (const line of text.split('\n')) if (line) lines.push(line);
        if (lines.length > 200) lines = lines.slice(-100);
        sinceStart = (sinceStart + text).slice(-4096);
        if (/Ready to accept connections/.test(sinceStart)) resolve();
      };
      proc.stdout.on('data', onData);
      proc.stderr.on('data', onData);
      void exited.then(() => reject(new Error(`private Redis exited before it was ready:\n${lines.join('\n')}`)));
    });
  };

  const stop = async (signal: NodeJS.Signals = 'SIGKILL') => {
    const proc = child;
    if (!proc) return;
    proc.kill(signal);
    await exited;
  };

  const onExit = () => child?.kill('SIGKILL');
  process.once('exit', onExit);
  cleanUp(async () => {
    await stop();
    process.off('exit', onExit);
  });

  await start();
  return { url: `redis://127.0.0.1:${port}`, port, stop, start, running: () => child !== null, log: () => lines.join('\n') };
}
