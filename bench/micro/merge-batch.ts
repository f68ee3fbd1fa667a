// What merging one group commit's batch costs: Y.mergeUpdates against writing the structs the room
// already decoded to validate them (server/collab/merge-decoded.ts). A batch as in workload B:
// `writers` clients, one annotation entry each, from a document that already holds entries.
// `npx tsx bench/micro/merge-batch.ts [writers] [batches]`

import * as Y from 'yjs';
import { mergeDecoded } from '../../server/collab/merge/merge-decoded.js';
import { addAnnotation } from '../clients/annotations.js';
import { median } from '../stats.js';

const writers = Number(process.argv[2] ?? 10);
const batches = Number(process.argv[3] ?? 2000);

const docs = Array.from({ length: writers }, () => new Y.Doc());
const batchesOfUpdates: Uint8Array[][] = [];
for (let b = 0; b < batches; b++) {
  const batch = docs.map((doc, w) => {
    const before = Y.encodeStateVector(doc);
    addAnnotation(doc, `w${w}-${b}`, b, w);
    return Y.encodeStateAsUpdate(doc, before);
  });
  batchesOfUpdates.push(batch);
}

function time(label: string, run: (batch: Uint8Array[]) => Uint8Array | null): number {
  const start = process.hrtime.bigint();
  for (const batch of batchesOfUpdates) run(batch);
  const us = Number(process.hrtime.bigint() - start) / 1000 / batches;
  console.log(`${label}: ${us.toFixed(1)} µs per batch of ${writers}`);
  return us;
}

const decodedBatches = new Map(batchesOfUpdates.map((batch) => [batch, batch.map((u) => Y.decodeUpdate(u))]));
const rounds: { merge: number; decoded: number; decode: number }[] = [];
for (let round = 0; round < 6; round++) {
  rounds.push({
    merge: time('Y.mergeUpdates', (batch) => Y.mergeUpdates(batch)),
    decoded: time('mergeDecoded (structs already decoded)', (batch) => mergeDecoded(decodedBatches.get(batch)!)),
    decode: time('Y.decodeUpdate of each (the room does it anyway, to validate)', (batch) => {
      for (const update of batch) Y.decodeUpdate(update);
      return null;
    }),
  });
}
const merge = median(rounds.slice(1).map((r) => r.merge));
const decoded = median(rounds.slice(1).map((r) => r.decoded));
console.log(`median of rounds 2-6: Y.mergeUpdates ${merge.toFixed(1)} µs, mergeDecoded ${decoded.toFixed(1)} µs (×${(decoded / merge).toFixed(2)})`);
