// Several instances vs one (issue 6): fan-out latency and throughput with the clients split over
// two Glossa instances linked by Redis, against one instance, all on the same PostgreSQL.
//   npm run bench:cluster [-- --clients 40 --rounds 100 --writers 20 --entries 300]
// Servers are child processes on 127.0.0.1; the load clients run in this process (never a server's).

import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync, mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { compiledGlossaEntry } from '../servers/compiled-glossa.js';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '40' },
    rounds: { type: 'string', default: '100' },
    writers: { type: 'string', default: '20' },
    entries: { type: 'string', default: '300' },
  },
});
const CLIENTS = Number(values.clients);
const ROUNDS = Number(values.rounds);
const WRITERS = Number(values.writers);
const ENTRIES = Number(values.entries);
const ADMIN = process.env.GLOSSA_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS = process.env.GLOSSA_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

interface Instance {
  url: string;
  child: ChildProcess;
}

function startInstance(env: Record<string, string>): Promise<Instance> {
  const child = spawn(process.execPath, [compiledGlossaEntry()], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent', SEED_SAMPLE: 'false', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ url: m[1]!, child });
    });
    child.once('exit', (code) => reject(new Error(`instance exited ${code}`)));
  });
}

function stop(instance: Instance): Promise<void> {
  return new Promise((resolve) => {
    if (instance.child.exitCode !== null) return resolve();
    instance.child.once('exit', () => resolve());
    instance.child.kill('SIGTERM');
  });
}

interface Client {
  doc: Y.Doc;
  provider: WebsocketProvider;
  instance: number;
}

function connect(url: string, documentId: string, instance: number): Promise<Client> {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(url.replace(/^http/, 'ws') + '/collab', documentId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  return new Promise((resolve) => provider.once('sync', () => resolve({ doc, provider, instance })));
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function fanout(clients: Client[]) {
  const writer = clients[0]!;
  const receivers = clients.slice(1);
  const toAll: number[] = [];
  const sameInstance: number[] = [];
  const otherInstance: number[] = [];
  for (let round = 0; round < ROUNDS + 10; round++) {
    const key = `r${round}`;
    const started = performance.now();
    const seen = receivers.map(
      (c) =>
        new Promise<number>((resolve) => {
          const map = c.doc.getMap('annotations');
          const check = () => {
            if (!map.has(key)) return;
            map.unobserve(check);
            resolve(performance.now() - started);
          };
          map.observe(check);
        }),
    );
    writer.doc.getMap('annotations').set(key, { quote: 'q'.repeat(40), author: { id: 'u', name: 'n' }, round });
    const times = await Promise.all(seen);
    if (round < 10) continue;
    toAll.push(Math.max(...times));
    receivers.forEach((c, i) => (c.instance === writer.instance ? sameInstance : otherInstance).push(times[i]!));
  }
  const s = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return sorted.length ? { p50: percentile(sorted, 50), p99: percentile(sorted, 99) } : null;
  };
  return { toAll: s(toAll), sameInstance: s(sameInstance), otherInstance: s(otherInstance) };
}

/** Every writer adds ENTRIES entries; the clock stops when every client holds all of them. */
async function throughput(clients: Client[]) {
  const writers = clients.slice(0, WRITERS);
  const total = WRITERS * ENTRIES;
  const done = clients.map(
    (c) =>
      new Promise<void>((resolve) => {
        const map = c.doc.getMap('bulk');
        const check = () => {
          if (map.size < total) return;
          map.unobserve(check);
          resolve();
        };
        map.observe(check);
      }),
  );
  const started = performance.now();
  await Promise.all(
    writers.map(async (w, n) => {
      for (let i = 0; i < ENTRIES; i++) {
        w.doc.getMap('bulk').set(`w${n}-${i}`, { quote: 'q'.repeat(40), author: { id: `u${n}` } });
        // Ten entries per turn: writers as fast as a busy person-facing client could be.
        if (i % 10 === 9) await new Promise((r) => setImmediate(r));
      }
    }),
  );
  await Promise.all(done);
  const seconds = (performance.now() - started) / 1000;
  // Entries each client received from others, summed, per second until all converged.
  const applied = total * (clients.length - 1);
  return { seconds: Number(seconds.toFixed(2)), appliedPerSecond: Math.round(applied / seconds) };
}

async function scenario(name: string, instances: number, redis: boolean) {
  const db = `glossa_bench_${randomBytes(4).toString('hex')}`;
  await admin(`create database ${db}`);
  const env: Record<string, string> = { DATABASE_URL: ADMIN.replace(/\/[^/]*$/, `/${db}`) };
  if (redis) Object.assign(env, { REDIS_URL: REDIS, REDIS_PREFIX: `bench-${db}` });
  const started: Instance[] = [];
  try {
    started.push(await startInstance(env));
    for (let i = 1; i < instances; i++) started.push(await startInstance(env));
    const res = await fetch(`${started[0]!.url}/api/documents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'bench', text: 'x'.repeat(2000) }),
    });
    const id = ((await res.json()) as { id: string }).id;
    const clients = await Promise.all(Array.from({ length: CLIENTS }, (_, i) => connect(started[i % instances]!.url, id, i % instances)));
    const fan = await fanout(clients);
    const thr = await throughput(clients);
    for (const c of clients) c.provider.destroy();
    return { name, instances, redis, fanout: fan, throughput: thr };
  } finally {
    await Promise.all(started.map(stop));
    await admin(`drop database if exists ${db} with (force)`);
  }
}

const results = [];
results.push(await scenario('1 instance, PostgreSQL', 1, false));
results.push(await scenario('1 instance, PostgreSQL + Redis', 1, true));
results.push(await scenario('2 instances, PostgreSQL + Redis, clients split', 2, true));

const f = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? '—' : n.toFixed(1));
const base = results[0]!;
const lines = [
  `${CLIENTS} clients on one document, one writer, ${ROUNDS} rounds; throughput: ${WRITERS} writers × ${ENTRIES} entries, until every client has all.`,
  '',
  '| setup | fan-out p50 / p99 to all (ms) | same instance as writer p50 | other instance p50 | converged after (s) | applied per s | × 1 instance |',
  '| --- | --- | --- | --- | --- | --- | --- |',
  ...results.map(
    (r) =>
      `| ${r.name} | ${f(r.fanout.toAll?.p50)} / ${f(r.fanout.toAll?.p99)} | ${f(r.fanout.sameInstance?.p50)} | ${f(r.fanout.otherInstance?.p50)} | ${r.throughput.seconds} | ${r.throughput.appliedPerSecond.toLocaleString('en')} | ${(r.throughput.appliedPerSecond / base.throughput.appliedPerSecond).toFixed(2)} |`,
  ),
];
console.log(lines.join('\n'));
mkdirSync('bench/results', { recursive: true });
writeFileSync(
  'bench/results/cluster.json',
  JSON.stringify({ date: new Date().toISOString(), clients: CLIENTS, rounds: ROUNDS, writers: WRITERS, entries: ENTRIES, results }, null, 2),
);
process.exit(0);
