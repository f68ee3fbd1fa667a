// A new version of the 1.1 MB text carrying 10,000 annotations, put through the API as a person's
// upload is (PUT /api/documents/{id}/text): the server as `npm start` runs it in this process, the
// document first as a dormant room would hold it (not opened since the server started).
//   npx tsx bench/micro/revise-api.ts [rounds=3]

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { loadConfig } from '../../server/config.js';
import { startServer } from '../../server/server.js';
import { median } from '../stats.js';
import { annotatedDoc, revisedText, text } from './revision-case.js';

const rounds = Number(process.argv[2] ?? 3);

const after = revisedText();
const state = Y.encodeStateAsUpdate(annotatedDoc(10_000));
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
