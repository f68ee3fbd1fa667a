// The import benchmark (import-w3c.ts) through the API as the interface sends it: 10,000 annotations
// exported as W3C from the first version, POSTed to .../annotations/import on a document holding the
// revised text, on a server as `npm start` runs it in this process; answered once stored.
//   npx tsx bench/micro/import-api.ts [rounds=3]

import { readLabels } from '../../shared/model/labels.js';
import { readAnnotations } from '../../shared/model/read-annotations.js';
import { createSourceDocumentState } from '../../shared/model/source-document.js';
import { toW3CAnnotationPage } from '../../shared/model/w3c-export.js';
import { median } from '../stats.js';
import { timeOnFreshServer } from './fresh-server.js';
import { annotatedDoc, revisedText, text } from './revision-case.js';

const rounds = Number(process.argv[2] ?? 3);
const after = revisedText();
const original = annotatedDoc(10_000);
const body = JSON.stringify(
  toW3CAnnotationPage(readAnnotations(original), { documentUrl: 'https://glossa.example/api/documents/first', text, labels: readLabels(original) }),
);
const document = { id: 'revised', text: after, state: createSourceDocumentState(after) };
const times: number[] = [];
for (let round = 0; round < rounds; round++) {
  const { ms, answer } = await timeOnFreshServer(document, async (url) => {
    const res = await fetch(`${url}/api/documents/revised/annotations/import`, { method: 'POST', headers: { 'content-type': 'application/ld+json' }, body });
    return { status: res.status, body: (await res.json()) as { counts: unknown } };
  });
  times.push(ms);
  if (round === 0) console.log(answer.status, JSON.stringify(answer.body.counts), `${(body.length / 1024 / 1024).toFixed(1)} MiB sent`);
}
console.log(`import answered after ${Math.round(median(times))} ms median (${times.map(Math.round).join(', ')})`);
