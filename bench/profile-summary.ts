// Reads a V8 .cpuprofile and lists where the busy time went: the functions with the most self
// time, and self time grouped by package (yjs, ws, better-sqlite3, Glossa's own code, ...).

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO_ROOT } from './servers/child.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
}

export interface SelfTime {
  name: string;
  location: string;
  selfMs: number;
  /** Share of the busy (non-idle) time. */
  selfPercent: number;
}

export interface ProfileSummary {
  file: string;
  busyMs: number;
  idleMs: number;
  top: SelfTime[];
  /** Time with the function anywhere on the stack, for Glossa's own code and yjs / SQLite entry points. */
  inclusive: SelfTime[];
  byPackage: { name: string; selfMs: number; selfPercent: number }[];
}

function pathOf(url: string): string {
  return url.startsWith('file://') ? relative(REPO_ROOT, new URL(url).pathname) : url;
}

function packageOf(url: string, name: string): string {
  if (name === '(garbage collector)') return '(garbage collector)';
  if (!url) return '(native / V8)';
  if (url.startsWith('node:')) return 'node core';
  const path = pathOf(url);
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (match) return match[1]!;
  const top = path.split('/').slice(0, 2).join('/');
  return top || path;
}

/** `window`: monotonic ms (as monoMs()) to keep samples from; V8 stamps samples on the same clock, in µs. */
/** Frames worth an inclusive figure: Glossa's own code and the library calls it makes per message. */
function isEntryPoint(name: string, path: string): boolean {
  if (/^(dist\/node\/)?(server|shared)\//.test(path)) return true;
  if (
    path.includes('node_modules/yjs/') &&
    /^(applyUpdate|applyUpdateV2|decodeUpdate|decodeUpdateV2|mergeUpdates|mergeUpdatesV2|encodeStateAsUpdate|encodeStateAsUpdateV2|encodeStateVector|transact)$/.test(
      name,
    )
  )
    return true;
  if (path.includes('node_modules/better-sqlite3/') && /^(run|get|all|sqliteTransaction)$/.test(name)) return true;
  if (path.includes('node_modules/drizzle-orm/') && /^(transaction|run|get|all)$/.test(name)) return true;
  if (path.includes('node_modules/ws/') && /^(send|sendFrame|receiverOnMessage)$/.test(name)) return true;
  return false;
}

export function summariseProfile(file: string, top: number, window?: [number, number]): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  let at = profile.startTime;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const inclusive = new Map<string, { name: string; location: string; us: number }>();
  const functions = new Map<string, { name: string; location: string; us: number }>();
  const packages = new Map<string, number>();
  let busy = 0;
  let idle = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (!node) return;
    if (window && (at < window[0] * 1000 || at > window[1] * 1000)) return;
    const { functionName, url, lineNumber } = node.callFrame;
    const name = functionName || '(anonymous)';
    if (name === '(idle)') {
      idle += delta;
      return;
    }
    busy += delta;
    const location = url ? `${pathOf(url)}:${lineNumber + 1}` : '(native)';
    const key = `${name}@${location}`;
    const entry = functions.get(key) ?? { name, location, us: 0 };
    entry.us += delta;
    functions.set(key, entry);
    const pkg = packageOf(url, name);
    packages.set(pkg, (packages.get(pkg) ?? 0) + delta);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)!.callFrame;
      const path = pathOf(frame.url);
      const fname = frame.functionName || '(anonymous)';
      if (!isEntryPoint(fname, path)) continue;
      const k = `${fname}@${path}:${frame.lineNumber + 1}`;
      if (seen.has(k)) continue;
      seen.add(k);
      const e = inclusive.get(k) ?? { name: fname, location: `${path}:${frame.lineNumber + 1}`, us: 0 };
      e.us += delta;
      inclusive.set(k, e);
    }
  });
  const pct = (us: number) => (100 * us) / (busy || 1);
  return {
    file: relative(REPO_ROOT, file),
    busyMs: Math.round(busy / 1000),
    idleMs: Math.round(idle / 1000),
    top: [...functions.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((e) => ({ name: e.name, location: e.location, selfMs: Math.round(e.us / 1000), selfPercent: pct(e.us) })),
    inclusive: [...inclusive.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((e) => ({ name: e.name, location: e.location, selfMs: Math.round(e.us / 1000), selfPercent: pct(e.us) })),
    byPackage: [...packages.entries()].sort((a, b) => b[1] - a[1]).map(([name, us]) => ({ name, selfMs: Math.round(us / 1000), selfPercent: pct(us) })),
  };
}

/**
 * Summarises the main thread's profile in `dir` (file names end in .<pid>.<thread>.<seq>; thread 0
 * is the main thread, others are e.g. tsx's module-loader worker).
 */
export function summariseProfiles(dir: string, top: number, window?: [number, number]): ProfileSummary | null {
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => /\.\d+\.0\.\d+\.cpuprofile$/.test(f))
      .sort();
  } catch {
    return null;
  }
  const file = files.at(-1);
  return file ? summariseProfile(join(dir, file), top, window) : null;
}
