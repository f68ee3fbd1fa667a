// What grew between two heap snapshots of one process (from BENCH_HEAP_SNAPSHOT_DIR), by kind of
// object: `npx tsx bench/heap-diff.ts before.heapsnapshot after.heapsnapshot [per] [rows]`.
// `per` divides the figures (e.g. the number of documents opened in between). Large snapshots
// need more heap: NODE_OPTIONS=--max-old-space-size=6000.

import { readFileSync } from 'node:fs';

interface HeapSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

type Totals = Map<string, { count: number; bytes: number }>;

/** Self size and count per "type:constructor"; strings and numbers are lumped together. */
function totals(file: string): Totals {
  const heap = JSON.parse(readFileSync(file, 'utf8')) as HeapSnapshot;
  const fields = heap.snapshot.meta.node_fields;
  const types = heap.snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [number, number, number];
  const out: Totals = new Map();
  for (let i = 0; i < heap.nodes.length; i += fields.length) {
    const type = types[heap.nodes[i + typeAt]!]!;
    const name = /string|number|code/.test(type) ? `(${type})` : heap.strings[heap.nodes[i + nameAt]!]!.slice(0, 60);
    const key = `${type}:${name}`;
    const entry = out.get(key) ?? { count: 0, bytes: 0 };
    entry.count += 1;
    entry.bytes += heap.nodes[i + sizeAt]!;
    out.set(key, entry);
  }
  return out;
}

const [beforeFile, afterFile, perArg, rowsArg] = process.argv.slice(2);
if (!beforeFile || !afterFile) {
  console.error('usage: npx tsx bench/heap-diff.ts before.heapsnapshot after.heapsnapshot [per] [rows]');
  process.exit(2);
}
const per = Number(perArg ?? 1);
const before = totals(beforeFile);
const rows = [...totals(afterFile)].map(([key, after]) => {
  const was = before.get(key) ?? { count: 0, bytes: 0 };
  return { key, count: (after.count - was.count) / per, bytes: (after.bytes - was.bytes) / per };
});
rows.sort((a, b) => b.bytes - a.bytes);
console.log(`grew by ${Math.round(rows.reduce((sum, r) => sum + r.bytes, 0))} bytes${per === 1 ? '' : ` (÷ ${per})`}`);
for (const row of rows.slice(0, Number(rowsArg ?? 30))) {
  console.log(`${Math.round(row.bytes).toString().padStart(9)} B ${row.count.toFixed(2).padStart(9)} × ${row.key}`);
}
