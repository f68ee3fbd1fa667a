// Runs Glossa as users do (`npm start`'s compiled server) on 127.0.0.1, port 0, over a given
// SQLite file, and stops it again.

import { spawn } from 'node:child_process';
import { compiledGlossaEntry } from '../servers/compiled-glossa.js';
import { REPO_ROOT } from './paths.js';

export interface GlossaServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;

export async function startGlossa(databasePath: string): Promise<GlossaServer> {
  const child = spawn(process.execPath, [compiledGlossaEntry()], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: databasePath,
      LOG_LEVEL: 'silent',
      SEED_SAMPLE: 'false',
      MAX_DOCUMENT_BYTES: String(5 * 1024 * 1024),
      // Rooms stay loaded between page loads, as a busy document's would: every measured load
      // gets the document from memory, whatever ran between two loads.
      ROOM_IDLE_MS: String(30 * 60_000),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Glossa did not start within ${START_TIMEOUT_MS} ms:\n${output}`)), START_TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Glossa is listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`Glossa exited before listening:\n${output}`));
    });
  });
  return {
    url,
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}
