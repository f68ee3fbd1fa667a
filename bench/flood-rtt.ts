// A well-behaved client's sync round trip while one identity floods the same document with presence
// and messages (issue 24): the limits must keep the flood from costing others their service.
//
//   npx tsx bench/flood-rtt.ts [--seconds 10] [--repeat 3] [--pin] [--kinds presence,queries,updates] [--sockets 4] [--profile DIR]
//
// Runs the server as `npm start` does (compiled, SQLite in a temp dir). Phase "quiet": the client alone.
// Token mode, so the flood is one person's (open mode knows no people). Phase "flood": one identity, from its own process (tests/support/flood.ts), drives 4 sockets of
// presence for 4 ids each, 4 of presence queries (each answered with every presence) and 4 of
// document updates, all as fast as the server takes them. The client sends sync step 1 every 50 ms
// and times the step 2 answer. `--pin`: the server on CPU 0, the clients on CPU 1. `--profile`: the
// server's CPU profiles into DIR (bench/profile-timeline.ts reads them).

import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { setPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { COLLAB_PATH, MessageType } from '../shared/protocol/message-types.js';
import { encodeSyncStep1 } from '../shared/protocol/messages.js';
import { TEST_SECRET, signToken } from '../tests/support/tokens.js';
import { ClientProcess } from './clients/pool.js';
import { enablePinning, pin } from './pin.js';
import { compiledGlossaEntry } from './servers/compiled-glossa.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    repeat: { type: 'string', default: '3' },
    pin: { type: 'boolean', default: false },
    kinds: { type: 'string', default: 'presence,queries,updates' },
    sockets: { type: 'string', default: '4' },
    profile: { type: 'string' },
  },
});
const seconds = Number(values.seconds);
const repeat = Number(values.repeat);
if (values.pin) enablePinning();

async function startServer(): Promise<{ url: string; stop: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'glossa-flood-'));
  const profiling = values.profile ? ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] : [];
  const child = spawn(process.execPath, [...profiling, compiledGlossaEntry()], {
    env: { ...process.env, DATABASE_URL: join(dir, 'glossa.db'), PORT: '0', LOG_LEVEL: 'silent', SEED_SAMPLE: 'false', GLOSSA_SECRET: TEST_SECRET },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  pin(child.pid!, 'server');
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const found = /listening on (http:\/\/\S+)/.exec(String(chunk));
      if (found) resolve(found[1]!);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  // A profile is written only at a clean exit.
  return { url, stop: () => child.kill(values.profile ? 'SIGTERM' : 'SIGKILL') };
}

function open(url: string, id: string, token: string): Promise<WebSocket> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}${COLLAB_PATH}/${id}?token=${token}`);
  ws.binaryType = 'nodebuffer';
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

async function roundTrips(url: string, id: string, ms: number): Promise<number[]> {
  const ws = await open(url, id, await signToken({ sub: 'alice', role: 'editor' }));
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
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await signToken({ sub: 'owner', role: 'owner' })}` },
    body: JSON.stringify({ title: 'Flooded', text: 'A report under a flood. '.repeat(400) }),
  });
  const { id } = (await created.json()) as { id: string };
  const quiet = await roundTrips(server.url, id, seconds * 1000);
  const flooder = new ClientProcess(0, './flood-client.ts');
  // The attacker's CPU is not the server's or the client's in real life: lowest priority here.
  setPriority(flooder.pid, 19);
  const startedAt = performance.now();
  await flooder.call('start', {
    url: server.url,
    id,
    token: await signToken({ sub: 'mallory', role: 'editor' }),
    kinds: values.kinds.split(','),
    sockets: Number(values.sockets),
  });
  const startMs = performance.now() - startedAt;
  const flooded = await roundTrips(server.url, id, seconds * 1000);
  const sent = await flooder.call<Record<string, unknown>>('stop');
  await flooder.close();
  server.stop();
  console.log(
    `run ${run}: quiet ${fmt(quiet)} | flood ${fmt(flooded)} | p99 ratio ×${(pct(flooded, 99) / pct(quiet, 99)).toFixed(2)} | flood started in ${startMs.toFixed(0)} ms, sent ${JSON.stringify(sent)}`,
  );
}
