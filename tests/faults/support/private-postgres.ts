// A throwaway PostgreSQL cluster of the fault suite's own, which a test may stop, kill and fill up
// without touching the shared server (127.0.0.1:5432) that the rest of the tests use meanwhile.
//
//   const probe = requirePrivatePostgres('what is skipped');  // loud warning when it cannot run
//   const pg = await startPrivatePostgres();                  // { url, stop(), start(), destroy() }
//   const pg = await startPrivatePostgres({ tablespaceDir }); // the test database's tables live there
//
// initdb and postgres refuse to run as root, so they run as the `postgres` OS user (the test
// process must be root to switch to it), with a data directory that user owns in a temporary
// folder, trust authentication, TCP on a free loopback port and the unix socket in the same
// folder. Only processes die in these tests, never the machine, so fsync is off: a PostgreSQL
// killed with SIGQUIT (stop 'immediate') still finds every committed transaction in its WAL.

import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { cleanUp } from '../../support/clean-up.js';
import { freePort } from './free-port.js';

export const TEST_DATABASE = 'glossa';

interface PostgresUser {
  uid: number;
  gid: number;
}

export interface PrivatePostgresProbe {
  available: boolean;
  /** Why not; empty when available. */
  reason: string;
}

function findBinDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => /^\d+$/.test(v) && existsSync(join(root, v, 'bin', 'postgres')) && existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : null;
}

function findPostgresUser(): PostgresUser | null {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  if (!line) return null;
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/** Whether a private cluster can be started here: root, the binaries, the `postgres` user. */
export function probePrivatePostgres(): PrivatePostgresProbe {
  if (process.getuid?.() !== 0) {
    return { available: false, reason: 'the test process is not root, so it cannot run initdb/postgres as the postgres OS user' };
  }
  if (!findBinDir()) return { available: false, reason: 'no PostgreSQL binaries (initdb, postgres) under /usr/lib/postgresql/<version>/bin' };
  if (!findPostgresUser()) return { available: false, reason: 'no `postgres` OS user to run the cluster as' };
  return { available: true, reason: '' };
}

/** Probes, and warns loudly naming what is skipped when a private cluster cannot run. */
export function requirePrivatePostgres(what: string): PrivatePostgresProbe {
  const probe = probePrivatePostgres();
  if (!probe.available) {
    console.warn(
      `\n!!! SKIPPING fault tests on a private PostgreSQL: ${what}\n!!! ${probe.reason}\n` +
        `!!! Needs: root, and Debian's postgresql package (apt-get install postgresql).\n`,
    );
  }
  return probe;
}

export interface PrivatePostgres {
  /** The test database (`glossa`), for DATABASE_URL. */
  url: string;
  /** The maintenance database (`postgres`), as superuser. */
  adminUrl: string;
  port: number;
  /** Stops the cluster: 'fast' (SIGINT: clean shut-down) or 'immediate' (SIGQUIT: as a crash, recovery at start). */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Starts it again on the same port and data; resolves once it accepts connections. */
  start(): Promise<void>;
  running(): boolean;
  /** The last lines PostgreSQL logged, for failure messages. */
  log(): string;
  /** Stops it (immediate) and removes its files. Safe to call twice. */
  destroy(): Promise<void>;
}

export interface PrivatePostgresOptions {
  /**
   * A directory (e.g. on a small tmpfs) for a tablespace that becomes the test database's default,
   * so its tables and indexes live there while the WAL stays in the data directory.
   */
  tablespaceDir?: string;
}

/** initdb in a temporary folder, start on a free port, create the test database. A few seconds. */
export async function startPrivatePostgres(options: PrivatePostgresOptions = {}): Promise<PrivatePostgres> {
  const probe = probePrivatePostgres();
  if (!probe.available) throw new Error(`private PostgreSQL cannot run: ${probe.reason}`);
  const bin = findBinDir()!;
  const user = findPostgresUser()!;
  const dir = mkdtempSync(join(tmpdir(), 'glossa-pg-'));
  chownSync(dir, user.uid, user.gid);
  const dataDir = join(dir, 'data');
  const asPostgres = { uid: user.uid, gid: user.gid, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C', LC_ALL: 'C' } };
  execFileSync(join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'], {
    ...asPostgres,
    stdio: 'pipe',
  });
  const port = await freePort();

  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  let lines: string[] = [];

  const start = async () => {
    if (child) return;
    const proc = spawn(
      join(bin, 'postgres'),
      [
        '-D',
        dataDir,
        '-p',
        String(port),
        '-k',
        dir,
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'fsync=off',
        '-c',
        'max_connections=100',
        '-c',
        'shared_buffers=32MB',
      ],
      { ...asPostgres, stdio: ['ignore', 'pipe', 'pipe'] },
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
        if (/database system is ready to accept connections/.test(sinceStart)) resolve();
      };
      proc.stderr.on('data', onData);
      proc.stdout.on('data', onData);
      void exited.then(() => reject(new Error(`private PostgreSQL exited before it was ready:\n${lines.join('\n')}`)));
    });
  };

  const stop = async (mode: 'fast' | 'immediate' = 'fast') => {
    const proc = child;
    if (!proc) return;
    proc.kill(mode === 'fast' ? 'SIGINT' : 'SIGQUIT');
    await exited;
  };

  // If the test process dies without its clean-up, the cluster must not outlive it.
  const onExit = () => child?.kill('SIGQUIT');
  process.once('exit', onExit);

  let destroyed: Promise<void> | null = null;
  const destroy = () =>
    (destroyed ??= (async () => {
      await stop('immediate');
      process.off('exit', onExit);
      rmSync(dir, { recursive: true, force: true });
    })());
  cleanUp(destroy);

  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  try {
    await start();
    const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
    await admin.connect();
    try {
      if (options.tablespaceDir) {
        const location = join(options.tablespaceDir, 'pg-tablespace');
        mkdirSync(location, { recursive: true });
        chownSync(location, user.uid, user.gid);
        await admin.query(`create tablespace glossa_space location '${location}'`);
        await admin.query(`create database ${TEST_DATABASE} tablespace glossa_space`);
      } else {
        await admin.query(`create database ${TEST_DATABASE}`);
      }
    } finally {
      await admin.end();
    }
  } catch (error) {
    await destroy();
    throw error;
  }

  return {
    url: `postgres://postgres@127.0.0.1:${port}/${TEST_DATABASE}`,
    adminUrl,
    port,
    stop,
    start,
    running: () => child !== null,
    log: () => lines.join('\n'),
    destroy,
  };
}
