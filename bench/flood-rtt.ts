// A well-behaved client's sync round trip while one identity floods the same document with presence
// and messages (issue 24): the limits must keep the flood from costing others their service.
//
//   npx tsx bench/flood-rtt.ts [--seconds 10] [--repeat 3]
//
// Runs the server as `npm start` does (compiled, SQLite in a temp dir). Phase "quiet": the client alone.
// Phase "flood": 4 sockets each sending presence for its 4 ids as fast as the socket takes it, and 4
// sockets sending query-awareness (each answered with every presence) as fast as they can. The client
// sends sync step 1 every 50 ms and times the step 2 answer.

import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { encodeAwarenessEntries } from '../shared/protocol/awareness-entries.js';
import { COLLAB_PATH, MessageType } from '../shared/protocol/message-types.js';
import { encodeAwarenessMessage, encodeSyncStep1 } from '../shared/protocol/messages.js';
import { compiledGlossaEntry } from './servers/compiled-glossa.js';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '10' }, repeat: { type: 'string', default: '3' } } });
const seconds = Number(values.seconds);
const repeat = Number(values.repeat);

async function startServer(): Promise<{ url: string; stop: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'glossa-flood-'));
  const child = spawn(process.execPath, [compiledGlossaEntry()], {
    env: { ...process.env, DATABASE_URL: join(dir, 'glossa.db'), PORT: '0', LOG_LEVEL: 'silent', SEED_SAMPLE: 'false' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const found = /listening on (http:\/\/\S+)/.exec(String(chunk));
      if (found) resolve(found[1]!);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { url, stop: () => child.kill('SIGKILL') };
}

function open(url: string, id: string): Promise<WebSocket> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}${COLLAB_PATH}/${id}`);
  ws.binaryType = 'nodebuffer';
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Sends as fast as the socket drains, until stopped. */
function pump(ws: WebSocket, next: () => Uint8Array): () => void {
  let running = true;
  const go = () => {
    while (running && ws.readyState === ws.OPEN && ws.bufferedAmount < 256 * 1024) ws.send(next());
    if (running && ws.readyState === ws.OPEN) setTimeout(go, 1);
  };
  go();
  return () => {
    running = false;
  };
}

async function flood(url: string, id: string): Promise<() => void> {
  const stops: Array<() => void> = [];
  for (let s = 0; s < 4; s++) {
    const ws = await open(url, id);
    let clock = 0;
    stops.push(
      pump(ws, () => {
        clock++;
        const entries = [0, 1, 2, 3].map((i) => ({ clientId: 700_000 + s * 10 + i, clock, stateJson: JSON.stringify({ user: { name: `flood ${s}.${i}` }, cursor: clock }) }));
        return encodeAwarenessMessage(encodeAwarenessEntries(entries));
      }),
      () => ws.terminate(),
    );
  }
  for (let s = 0; s < 4; s++) {
    const ws = await open(url, id);
    stops.push(pump(ws, () => new Uint8Array([MessageType.QueryAwareness])), () => ws.terminate());
  }
  return () => stops.forEach((stop) => stop());
}

async function roundTrips(url: string, id: string, ms: number): Promise<number[]> {
  const ws = await open(url, id);
  const vector = Y.encodeStateVector(new Y.Doc());
  const times: number[] = [];
  let sentAt = 0;
  let waiting = false;
  ws.on('message', (data: Buffer) => {
    // Sync step 2: [0, 1, ...]
    if (waiting && data[0] === MessageType.Sync && data[1] === 1) {
      times.push(performance.now() - sentAt);
      waiting = false;
    }
  });
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (!waiting) {
      waiting = true;
      sentAt = performance.now();
      ws.send(encodeSyncStep1(vector));
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  ws.terminate();
  return times;
}

const pct = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};
const fmt = (xs: number[]) => `n=${xs.length} p50 ${pct(xs, 50).toFixed(1)} ms, p99 ${pct(xs, 99).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms`;

for (let run = 1; run <= repeat; run++) {
  const server = await startServer();
  const created = await fetch(`${server.url}/api/documents`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Flooded', text: 'A report under a flood. '.repeat(400) }),
  });
  const { id } = (await created.json()) as { id: string };
  const quiet = await roundTrips(server.url, id, seconds * 1000);
  const stop = await flood(server.url, id);
  const flooded = await roundTrips(server.url, id, seconds * 1000);
  stop();
  server.stop();
  console.log(`run ${run}: quiet ${fmt(quiet)} | flood ${fmt(flooded)} | p99 ratio ×${(pct(flooded, 99) / pct(quiet, 99)).toFixed(2)}`);
}
