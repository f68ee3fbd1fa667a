// A new version of the 1.1 MB text carrying 10,000 annotations, put through the API as a person's
// upload is (PUT /api/documents/{id}/text): the server as `npm start` runs it in this process, the
// document first as a dormant room would hold it (not opened since the server started).
//   npx tsx bench/micro/revise-api.ts [rounds=3]

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { loadConfig } from '../../server/config.js';
import { startServer } from '../../server/server.js';
import { createAnnotation } from '../../shared/model/write-annotations.js';
import { median } from '../stats.js';

const rounds = Number(process.argv[2] ?? 3);
const text = readFileSync(new URL('../../../shared/corpus/shakespeare.txt', import.meta.url), 'utf8');

function revised(): string {
  let seed = 7;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const r = random();
    if (r < 0.0033) continue;
    out.push(r < 0.0066 ? line.replace(/\b\w+\b/, 'changed') : line);
    if (r >= 0.0066 && r < 0.01) out.push('A line inserted in the new version.');
  }
  return out.join('\n');
}

function annotatedState(): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('source').insert(0, text);
  const author = { id: 'u-ana', name: 'Ana', color: '#c2255c' };
  const step = Math.floor(text.length / 10_000);
  for (let i = 0; i < 10_000; i++)
    createAnnotation(doc, { id: `a${i}`, start: i * step, end: i * step + 40, labels: ['claim'] }, author, '2026-12-07T00:00:00.000Z');
  return Y.encodeStateAsUpdate(doc);
}

const after = revised();
const state = annotatedState();
const times: number[] = [];
for (let round = 0; round < rounds; round++) {
  const dir = mkdtempSync(join(tmpdir(), 'glossa-revise-'));
  const server = await startServer(
    loadConfig({ DATABASE_URL: join(dir, 'glossa.db'), PORT: '0', LOG_LEVEL: 'silent', SEED_SAMPLE: 'false', MAX_DOCUMENT_BYTES: String(8 << 20) }),
  );
  await server.store.createDocument({ id: 'report', title: 'Report', sourceBytes: Buffer.byteLength(text), state });
  const started = performance.now();
  const res = await fetch(`${server.url}/api/documents/report/text`, { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: after });
  const answer = (await res.json()) as { revision: { annotations: unknown } };
  times.push(performance.now() - started);
  if (round === 0) console.log(res.status, JSON.stringify(answer.revision.annotations));
  // The merge thread does not keep a process alive; the close's compaction waits on it.
  const keep = setInterval(() => undefined, 1000);
  await server.close();
  clearInterval(keep);
  rmSync(dir, { recursive: true, force: true });
}
console.log(`PUT answered after ${Math.round(median(times))} ms median (${times.map(Math.round).join(', ')})`);
