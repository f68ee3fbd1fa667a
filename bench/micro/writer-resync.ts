// What one stock writer of workload G does on its own when it reconnects after a restart, on this
// thread: the work no server change can remove, since y-protocols' sync does it with any server.
//   npx tsx bench/micro/writer-resync.ts [entries=35000] [writers=20] [missed=1000] [repeats=5]
// A writer holds the whole document (W writers' annotation entries). Timed (ms, median):
//   - answer the server's sync step 1: Y.encodeStateAsUpdate(doc, serverVector), which writes what
//     the server lacks and the document's whole delete set;
//   - apply the server's answer to its own sync step 1: the entries the others wrote while it was
//     away (`missed` of them, spread over the other writers).
// A load process of G holds ten such writers, which do this one after another.

import * as Y from 'yjs';
import { addAnnotation } from '../clients/annotations.js';
import { median, round } from '../stats.js';

const [entries = 35_000, writerCount = 20, missed = 1_000, repeats = 5] = process.argv.slice(2).map(Number);

function timed(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

// The whole document as every writer held it at the kill: the writers' entries, in turns.
const writers = Array.from({ length: writerCount }, () => new Y.Doc());
const whole = new Y.Doc();
for (const w of writers) w.on('update', (u: Uint8Array) => Y.applyUpdate(whole, u));
for (let n = 0; n < entries; n++) addAnnotation(writers[n % writerCount]!, `a${n}`, n, n % writerCount);
const atKill = Y.encodeStateAsUpdate(whole);
const serverVector = Y.encodeStateVector(whole);
// What the others wrote while this writer (writer 0) was away.
for (let n = entries; n < entries + missed; n++) {
  const author = 1 + (n % (writerCount - 1));
  addAnnotation(writers[author]!, `a${n}`, n, author);
}

const answers: number[] = [];
const applies: number[] = [];
for (let r = 0; r < repeats; r++) {
  const writer = new Y.Doc();
  Y.applyUpdate(writer, atKill);
  // It wrote a few entries while away, which the server lacks.
  for (let i = 0; i < 50; i++) addAnnotation(writer, `own${r}-${i}`, i, 0);
  answers.push(timed(() => Y.encodeStateAsUpdate(writer, serverVector)));
  const theirs = Y.mergeUpdates(writers.slice(1).map((w) => Y.encodeStateAsUpdate(w, serverVector)));
  applies.push(timed(() => Y.applyUpdate(writer, theirs)));
  writer.destroy();
}
const answer = median(answers);
const apply = median(applies);
console.log(`document: ${entries} entries, ${round(atKill.byteLength / 2 ** 20, 2)} MiB`);
console.log(`answer the server's sync step 1: ${round(answer, 1)} ms (runs: ${answers.map((v) => round(v, 1)).join(', ')})`);
console.log(`apply the ${missed} entries written meanwhile: ${round(apply, 1)} ms (runs: ${applies.map((v) => round(v, 1)).join(', ')})`);
console.log(`ten writers in one load process, one after another: ${round(10 * (answer + apply))} ms`);
