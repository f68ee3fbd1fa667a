// Turns the raw runs into the committed summary: medians per scenario for Glossa and Recogito,
// and ratios against the figures in ../shared/ANCHORS.md.

import type { Fixture } from './fixture.js';
import type { ChangeSample, GlossaRun } from './measure-glossa.js';
import type { RecogitoRun } from './measure-recogito.js';
import { type Spread, MiB, round, spread } from './stats.js';
import type { PageMemory } from './chromium.js';

export interface MemorySummary {
  jsHeapUsedMiB: Spread;
  embedderHeapMiB: Spread;
  rendererPssMiB: Spread;
  rendererRssMiB: Spread;
  domNodes: Spread;
}

export interface ChangeSummary {
  /** Request sent (or call made) until the frame showing it is painted. */
  toPaintedMs: Spread;
  /** Glossa: the update's arrival at the page until painted (includes waiting for the next frame). */
  arrivalToPaintedMs?: Spread;
  /** Main-thread time Chromium counted in tasks meanwhile (script, style, layout, paint, and the rest). */
  taskMs: Spread;
  scriptMs: Spread;
  styleMs: Spread;
  layoutMs: Spread;
  /** CPU time of the renderer's main thread meanwhile. */
  cpuMs: Spread;
}

export interface GlossaScenarioSummary {
  annotations: number;
  overlap: number;
  /** Diagnostic: the side panel (annotation list) was hidden. */
  hidePanel: boolean;
  stateBytes: number;
  runs: number;
  load: {
    /** Navigation start until the text and all highlights are painted. */
    paintedMs: Spread;
    /** The document state's arrival over the WebSocket until painted: the part that grows with annotations. */
    stateToPaintedMs: Spread;
    stateArrivedMs: Spread;
    bundleLoadedMs: Spread;
    /** The rendering of the first complete frame (style, layout, paint). */
    frameMs: Spread;
    scriptMs: Spread;
    recalcStyleMs: Spread;
    layoutMs: Spread;
    taskMs: Spread;
    /** CPU time of the renderer's main thread from navigation until painted. */
    cpuMs: Spread;
  };
  memory: MemorySummary;
  add: ChangeSummary;
  remove: ChangeSummary;
}

export interface RecogitoScenarioSummary {
  annotations: number;
  overlap: number;
  runs: number;
  textPaintedMs: Spread;
  /** setAnnotations(all) until the renderer's redraw is painted. */
  setToPaintedMs: Spread | null;
  setScriptMs: Spread | null;
  setLayoutMs: Spread | null;
  setCpuMs: Spread | null;
  memory: MemorySummary;
  add: ChangeSummary;
  remove: ChangeSummary;
}

function memorySummary(samples: PageMemory[]): MemorySummary {
  const mib = (pick: (m: PageMemory) => number | null) => spread(samples.map((m) => (pick(m) ?? Number.NaN) / MiB));
  return {
    jsHeapUsedMiB: mib((m) => m.jsHeapUsedBytes),
    embedderHeapMiB: mib((m) => m.embedderHeapUsedBytes),
    rendererPssMiB: mib((m) => m.rendererPssBytes),
    rendererRssMiB: mib((m) => m.rendererRssBytes),
    domNodes: spread(samples.map((m) => m.domNodes)),
  };
}

function glossaChanges(samples: ChangeSample[]): ChangeSummary {
  return {
    toPaintedMs: spread(samples.map((s) => s.paintedAt - s.startedAt)),
    arrivalToPaintedMs: spread(samples.map((s) => (s.updateArrivedAt === null ? Number.NaN : s.paintedAt - s.updateArrivedAt))),
    taskMs: spread(samples.map((s) => s.mainThread.task)),
    scriptMs: spread(samples.map((s) => s.mainThread.script)),
    styleMs: spread(samples.map((s) => s.mainThread.recalcStyle)),
    layoutMs: spread(samples.map((s) => s.mainThread.layout)),
    cpuMs: spread(samples.map((s) => s.mainThread.threadCpu)),
  };
}

export function summariseGlossa(fixture: Fixture, runs: GlossaRun[]): GlossaScenarioSummary {
  const loads = runs.map((r) => r.load);
  const changes = runs.flatMap((r) => r.changes);
  return {
    annotations: fixture.layout.spans.length,
    overlap: fixture.scenario.overlap,
    hidePanel: fixture.scenario.hidePanel,
    stateBytes: fixture.stateBytes,
    runs: runs.length,
    load: {
      paintedMs: spread(loads.map((l) => l.paintedAt)),
      stateToPaintedMs: spread(loads.map((l) => (l.stateArrivedAt === null ? Number.NaN : l.paintedAt - l.stateArrivedAt))),
      stateArrivedMs: spread(loads.map((l) => l.stateArrivedAt ?? Number.NaN)),
      bundleLoadedMs: spread(loads.map((l) => l.bundleLoaded ?? Number.NaN)),
      frameMs: spread(loads.map((l) => l.paintedAt - l.frameAt)),
      scriptMs: spread(loads.map((l) => l.mainThread.script)),
      recalcStyleMs: spread(loads.map((l) => l.mainThread.recalcStyle)),
      layoutMs: spread(loads.map((l) => l.mainThread.layout)),
      taskMs: spread(loads.map((l) => l.mainThread.task)),
      cpuMs: spread(loads.map((l) => l.mainThread.threadCpu)),
    },
    memory: memorySummary(runs.map((r) => r.memory)),
    add: glossaChanges(changes.filter((c) => c.kind === 'add')),
    remove: glossaChanges(changes.filter((c) => c.kind === 'remove')),
  };
}

export function summariseRecogito(fixture: Fixture, runs: RecogitoRun[]): RecogitoScenarioSummary {
  const sets = runs.flatMap((r) => (r.set ? [r.set] : []));
  const changes = (kind: 'add' | 'remove'): ChangeSummary => {
    const samples = runs.flatMap((r) => r.changes.filter((c) => c.kind === kind));
    return {
      toPaintedMs: spread(samples.map((s) => s.paintedAt - s.startedAt)),
      taskMs: spread(samples.map((s) => s.mainThread.task)),
      scriptMs: spread(samples.map((s) => s.mainThread.script)),
      styleMs: spread(samples.map((s) => s.mainThread.recalcStyle)),
      layoutMs: spread(samples.map((s) => s.mainThread.layout)),
      cpuMs: spread(samples.map((s) => s.mainThread.threadCpu)),
    };
  };
  return {
    annotations: fixture.layout.spans.length,
    overlap: fixture.scenario.overlap,
    runs: runs.length,
    textPaintedMs: spread(runs.map((r) => r.textPainted.paintedAt)),
    setToPaintedMs: sets.length ? spread(sets.map((s) => s.paintedAt - s.startedAt)) : null,
    setScriptMs: sets.length ? spread(sets.map((s) => s.mainThread.script)) : null,
    setLayoutMs: sets.length ? spread(sets.map((s) => s.mainThread.layout)) : null,
    setCpuMs: sets.length ? spread(sets.map((s) => s.mainThread.threadCpu)) : null,
    memory: memorySummary(runs.map((r) => r.memory)),
    add: changes('add'),
    remove: changes('remove'),
  };
}

/** ../shared/ANCHORS.md, "Rendering highlights in Chromium" (ms; [low, high] where it gives a range). */
export const ANCHORS = {
  source: '../shared/ANCHORS.md — Rendering highlights in Chromium (1.1 MB text in one <pre>), 2026-11-28',
  set: {
    '2000': { recogito: [2478, 2478], domWrapping: [418, 418], cssHighlights: [10, 10] },
    '10000': { recogito: [11000, 15300], domWrapping: [671, 671], cssHighlights: [36, 36] },
    '10000-overlap': { recogito: [11900, 11900], domWrapping: [794, 794], cssHighlights: [40, 40] },
  },
  add: {
    '2000': { recogito: [264, 264], domWrapping: [346, 346], cssHighlights: [6.5, 6.5] },
    '10000': { recogito: [288, 288], domWrapping: [280, 480], cssHighlights: [3.8, 5.7] },
  },
  remove: {
    '2000': { recogito: [182, 182], domWrapping: [282, 282], cssHighlights: [8.5, 8.5] },
  },
  textAlone: { recogito: [441, 441] },
} as const;

export type Range2 = readonly [number, number];

/** ours / theirs, as a [low, high] pair when theirs is a range (low = against their slowest). */
export function ratio(ours: number, theirs: Range2): [number, number] {
  return [round(ours / theirs[1], 2), round(ours / theirs[0], 2)];
}

export interface BrowserSummary {
  generatedAt: string;
  command: string;
  machine: {
    cpuModel: string;
    cores: number;
    memoryGiB: number;
    /** os.loadavg() before and after: other work on the machine makes every figure slower. */
    loadAverage: { before: number[]; during: Spread; after: number[] };
    node: string;
    chromium: string;
    chromiumPath: string;
    viewport: { width: number; height: number };
  };
  text: { file: string; utf16Length: number; utf8Bytes: number };
  runsPerScenario: number;
  changesPerRun: number;
  glossa: Record<string, GlossaScenarioSummary>;
  recogito: ({ version: string | null; renderer: string } & Record<string, RecogitoScenarioSummary | string | null>) | null;
  anchors: typeof ANCHORS;
  profile: unknown;
}
