// A new version of the 1.1 MB text carrying 10,000 annotations, put through the API as a person's
// upload is (PUT /api/documents/{id}/text): the server as `npm start` runs it in this process, the
// document first as a dormant room would hold it (not opened since the server started).
//   npx tsx bench/micro/revise-api.ts [rounds=3]

import * as Y from 'yjs';
import { median } from '../stats.js';
import { timeOnFreshServer } from './fresh-server.js';
import { annotatedDoc, revisedText, text } from './revision-case.js';

const rounds = Number(process.argv[2] ?? 3);
const after = revisedText();
const document = { id: 'report', text, state: Y.encodeStateAsUpdate(annotatedDoc(10_000)) };
const times: number[] = [];
for (let round = 0; round < rounds; round++) {
  const { ms, answer } = await timeOnFreshServer(document, async (url) => {
    const res = await fetch(`${url}/api/documents/report/text`, { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: after });
    return { status: res.status, body: (await res.json()) as { revision: { annotations: unknown } } };
  });
  times.push(ms);
  if (round === 0) console.log(answer.status, JSON.stringify(answer.body.revision.annotations));
}
console.log(`PUT answered after ${Math.round(median(times))} ms median (${times.map(Math.round).join(', ')})`);
