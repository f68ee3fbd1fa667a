// A V8 .cpuprofile second by second (or any bucket): how busy the main thread was and which of
// Glossa's own functions took that time (inclusive). For what happens after a restart (workload G,
// `--profile-under G`), where the order matters more than the totals.
//   npx tsx bench/profile-timeline.ts <profile dir or .cpuprofile> [bucketMs=1000] [fromS] [toS]
// Times are seconds from the start of the profile (the process's start).

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

const [target, bucketArg, fromArg, toArg] = process.argv.slice(2);
if (!target) {
  console.error('usage: npx tsx bench/profile-timeline.ts <profile dir or .cpuprofile> [bucketMs] [fromS] [toS]');
  process.exit(2);
}
// A directory holds one profile per thread; .0. is the main thread.
const file = statSync(target).isDirectory()
  ? join(
      target,
      readdirSync(target).find((f) => /\.\d+\.0\.\d+\.cpuprofile$/.test(f))!,
    )
  : target;
const bucketMs = Number(bucketArg ?? 1000);
const fromMs = fromArg === undefined ? -Infinity : Number(fromArg) * 1000;
const toMs = toArg === undefined ? Infinity : Number(toArg) * 1000;

const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number };
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

// Frames that only carry others (every message passes through them) are left out of the names.
const CARRIERS = /^(receive|handle|\(anonymous\)|flush|emit|receiverOnMessage)@/;
const buckets = new Map<number, { busy: number; frames: Map<string, number> }>();
let at = profile.startTime;
profile.samples.forEach((id, i) => {
  const delta = profile.timeDeltas[i] ?? 0;
  at += delta;
  const t = (at - profile.startTime) / 1000;
  if (t < fromMs || t > toMs) return;
  const b = Math.floor(t / bucketMs);
  let bucket = buckets.get(b);
  if (!bucket) buckets.set(b, (bucket = { busy: 0, frames: new Map() }));
  if (byId.get(id)!.callFrame.functionName === '(idle)') return;
  bucket.busy += delta / 1000;
  const seen = new Set<string>();
  for (let x: number | undefined = id; x !== undefined; x = parent.get(x)) {
    const frame = byId.get(x)!.callFrame;
    if (!/\/(server|shared)\//.test(frame.url) || frame.url.includes('node_modules')) continue;
    const key = `${frame.functionName || '(anonymous)'}@${frame.url.split('/').pop()}`;
    if (seen.has(key)) continue;
    seen.add(key);
    bucket.frames.set(key, (bucket.frames.get(key) ?? 0) + delta / 1000);
  }
});
console.log(`${file}: busy ms per ${bucketMs} ms, and the Glossa functions that took most of it (inclusive ms)`);
for (const [b, { busy, frames }] of [...buckets].sort((x, y) => x[0] - y[0])) {
  const top = [...frames]
    .filter(([k]) => !CARRIERS.test(k))
    .sort((x, y) => y[1] - x[1])
    .slice(0, 4)
    .map(([k, v]) => `${k} ${Math.round(v)}`)
    .join(', ');
  console.log(`${((b * bucketMs) / 1000).toFixed(1).padStart(7)} s  ${String(Math.round(busy)).padStart(5)}  ${top}`);
}
