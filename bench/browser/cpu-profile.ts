// Summarises a CDP CPU profile of the page: where the main thread's time went, by function and by
// source file, with positions in embed.js mapped back to our sources.

import type { SourceMap } from './source-map.js';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileEntry {
  what: string;
  ms: number;
}

export interface ProfileSummary {
  totalMs: number;
  /** Where samples landed, by the function on top of the stack. */
  selfByFunction: ProfileEntry[];
  /** Time with a function of this source file anywhere on the stack. */
  inclusiveBySource: ProfileEntry[];
  /** Time with this function anywhere on the stack (our code only). */
  inclusiveByFunction: ProfileEntry[];
}

const TOP = 25;

function describe(frame: CallFrame, map: SourceMap | null): { fn: string; source: string; ours: boolean } {
  if (!frame.url) return { fn: frame.functionName || '(anonymous)', source: frame.functionName.startsWith('(') ? frame.functionName : '(native)', ours: false };
  if (map && frame.url.endsWith('/embed.js')) {
    const original = map.lookup(frame.lineNumber, frame.columnNumber);
    if (original) {
      const ours = !original.source.includes('node_modules/');
      const source = ours ? original.source : original.source.replace(/^.*node_modules\/((@[^/]+\/)?[^/]+).*$/, '$1');
      return {
        fn: `${frame.functionName || original.name || '(anonymous)'} ${original.source.replace(/^.*node_modules\//, '')}:${original.line}`,
        source,
        ours,
      };
    }
  }
  const file = frame.url.replace(/^.*\//, '') || frame.url;
  return { fn: `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`, source: file, ours: false };
}

const sorted = (totals: Map<string, number>): ProfileEntry[] =>
  [...totals]
    .map(([what, us]) => ({ what, ms: Math.round(us / 100) / 10 }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, TOP);

export function summariseProfile(profile: CpuProfile, map: SourceMap | null): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const described = new Map(profile.nodes.map((n) => [n.id, describe(n.callFrame, map)]));

  const self = new Map<string, number>();
  const bySource = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    // A sample's time is the delta to the next sample.
    const us = profile.timeDeltas[i + 1] ?? 0;
    total += us;
    const top = described.get(id)!;
    self.set(top.fn, (self.get(top.fn) ?? 0) + us);
    const sources = new Set<string>();
    const functions = new Set<string>();
    for (let node: number | undefined = id; node !== undefined; node = parent.get(node)) {
      const d = described.get(node)!;
      if (!byId.get(node)!.callFrame.url) continue;
      sources.add(d.source);
      if (d.ours) functions.add(d.fn);
    }
    for (const s of sources) bySource.set(s, (bySource.get(s) ?? 0) + us);
    for (const f of functions) byFunction.set(f, (byFunction.get(f) ?? 0) + us);
  });
  return {
    totalMs: Math.round(total / 100) / 10,
    selfByFunction: sorted(self),
    inclusiveBySource: sorted(bySource),
    inclusiveByFunction: sorted(byFunction),
  };
}
