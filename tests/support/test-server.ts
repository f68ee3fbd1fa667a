// Real Glossa servers for tests: in this process (port 0) or as a child process that can be killed.

import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanUp } from './clean-up.js';
import { loadConfig } from '../../server/config.js';
import { type RunningServer, type StartOptions, startServer } from '../../server/server.js';
import type { Tuning } from '../../server/tuning.js';
import { tempDir } from './temp-dir.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** What `npm start` runs: the server compiled by the global setup (tests/support/build-client.ts). */
export const SERVER_ENTRY = join(root, 'dist/node/server/main.js');

export type TestEnv = Record<string, string>;

const quiet: TestEnv = { LOG_LEVEL: 'silent', PORT: '0' };
// The merge thread starts when a test first needs it: warming one up for every server would cost
// the suite about half a second of CPU each. Servers started as `npm start` (spawnServer) warm it.
const quietTuning: Partial<Tuning> = { sweepIntervalMs: 0, mergeThread: 'lazy' };

/** Starts an in-process server on a fresh SQLite file (unless DATABASE_URL is given); closed after the file. */
export async function startTestServer(env: TestEnv = {}, options: StartOptions = {}): Promise<RunningServer> {
  const databaseUrl = env.DATABASE_URL ?? join(tempDir(), 'glossa.db');
  const config = loadConfig({ SEED_SAMPLE: 'false', ...quiet, ...env, DATABASE_URL: databaseUrl });
  const server = await startServer(config, { ...options, tuning: { ...quietTuning, ...options.tuning } });
  cleanUp(() => server.close());
  return server;
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Runs `npm start`'s entry point in a child process and waits for its "listening" line. */
export async function spawnServer(env: TestEnv, tuning: Partial<Tuning> = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, [SERVER_ENTRY], {
    cwd: root,
    env: { ...process.env, SEED_SAMPLE: 'false', ...quiet, GLOSSA_TUNING: JSON.stringify({ sweepIntervalMs: 0, ...tuning }), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then((code) => reject(new Error(`server exited with ${code} before listening:\n${output}`)));
  });
  const kill = async (signal: NodeJS.Signals = 'SIGKILL') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  cleanUp(() => kill());
  return { url, child, exited, kill };
}

export function wsUrl(httpUrl: string): string {
  return httpUrl.replace(/^http/, 'ws');
}

/** Creates a document through the API (as the token's holder, in token mode) and returns its id. */
export async function createDocument(baseUrl: string, text: string, title = 'Test document', token?: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/documents`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ title, text }),
  });
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}
