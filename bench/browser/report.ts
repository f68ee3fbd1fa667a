// The summary as Markdown tables: Glossa by scenario, Recogito from the same run, and ratios.

import { round } from './stats.js';
import { ANCHORS, type BrowserSummary, type ChangeSummary, type RecogitoScenarioSummary, type Range2, ratio } from './summary.js';
import type { Spread } from './stats.js';

const fmt = (s: Spread | null | undefined, digits = 1): string => (s && Number.isFinite(s.median) ? round(s.median, digits).toLocaleString('en-US') : '—');
const fmtRange = (s: Spread | null | undefined): string => (s && Number.isFinite(s.median) ? `${fmt(s)} (${round(s.min, 1)}–${round(s.max, 1)})` : '—');
const fmtRatio = ([low, high]: [number, number]): string => (low === high ? `${low}×` : `${low}–${high}×`);

function heading(ids: string[], summary: BrowserSummary): string {
  const name = (id: string) => {
    const g = summary.glossa[id]!;
    if (g.annotations === 0) return 'text alone';
    return `${g.annotations.toLocaleString('en-US')}${g.overlap ? `, ${Math.round(g.overlap * 100)}% overlapping` : ''}${g.hidePanel ? ', side panel hidden (diagnostic)' : ''}`;
  };
  return `| median (min–max) | ${ids.map(name).join(' | ')} |\n| --- |${ids.map(() => ' --- |').join('')}\n`;
}

function row(label: string, ids: string[], cell: (id: string) => string): string {
  return `| ${label} | ${ids.map(cell).join(' | ')} |\n`;
}

export function renderReport(summary: BrowserSummary): string {
  const ids = Object.keys(summary.glossa);
  const g = (id: string) => summary.glossa[id]!;
  let out = `Machine: ${summary.machine.cpuModel}, ${summary.machine.cores} cores, ${summary.machine.memoryGiB} GiB; 1-minute load average ${summary.machine.loadAverage.before[0]?.toFixed(1)} before, ${summary.machine.loadAverage.during.median} (${summary.machine.loadAverage.during.min}–${summary.machine.loadAverage.during.max}) during the runs, ${summary.machine.loadAverage.after[0]?.toFixed(1)} after; Node ${summary.machine.node}; viewport ${summary.machine.viewport.width}×${summary.machine.viewport.height}.\n\n`;
  out += `## Glossa (${summary.runsPerScenario} page loads per column, ${summary.changesPerRun} add+remove each; Chromium ${summary.machine.chromium})\n\n`;
  out += heading(ids, summary);
  out += row('navigation → text and all highlights painted, ms', ids, (id) => fmtRange(g(id).load.paintedMs));
  out += row('  embed.js received, ms', ids, (id) => fmt(g(id).load.bundleLoadedMs));
  out += row('  document state received over the WebSocket, ms', ids, (id) => fmt(g(id).load.stateArrivedMs));
  out += row('  state received → painted, ms', ids, (id) => fmtRange(g(id).load.stateToPaintedMs));
  out += row('  rendering of that frame (style, layout, paint), ms', ids, (id) => fmt(g(id).load.frameMs));
  out += row(
    '  main thread until painted: all tasks (script / style / layout), ms',
    ids,
    (id) => `${fmt(g(id).load.taskMs, 0)} (${fmt(g(id).load.scriptMs, 0)} / ${fmt(g(id).load.recalcStyleMs, 0)} / ${fmt(g(id).load.layoutMs, 0)})`,
  );
  out += row('  main-thread CPU time until painted, ms', ids, (id) => fmt(g(id).load.cpuMs, 0));
  out += row('document state, bytes', ids, (id) => g(id).stateBytes.toLocaleString('en-US'));
  out += row('JS heap after GC, MiB', ids, (id) => fmt(g(id).memory.jsHeapUsedMiB));
  out += row('Blink (embedder) heap, MiB', ids, (id) => fmt(g(id).memory.embedderHeapMiB));
  out += row('renderer process PSS / RSS, MiB', ids, (id) => `${fmt(g(id).memory.rendererPssMiB, 0)} / ${fmt(g(id).memory.rendererRssMiB, 0)}`);
  out += row('DOM nodes', ids, (id) => fmt(g(id).memory.domNodes, 0));
  out += row('add one: POST sent → painted, ms', ids, (id) => fmtRange(g(id).add.toPaintedMs));
  out += row('add one: update received → painted, ms', ids, (id) => fmtRange(g(id).add.arrivalToPaintedMs));
  const busy = (c: ChangeSummary) => `${fmt(c.taskMs, 0)} (${fmt(c.scriptMs, 0)} / ${fmt(c.styleMs, 0)} / ${fmt(c.layoutMs, 0)})`;
  out += row('add one: main thread, all tasks (script / style / layout), ms', ids, (id) => busy(g(id).add));
  out += row('add one: main-thread CPU time, ms', ids, (id) => fmtRange(g(id).add.cpuMs));
  out += row('remove one: POST sent → painted, ms', ids, (id) => fmtRange(g(id).remove.toPaintedMs));
  out += row('remove one: update received → painted, ms', ids, (id) => fmtRange(g(id).remove.arrivalToPaintedMs));
  out += row('remove one: main thread, all tasks (script / style / layout), ms', ids, (id) => busy(g(id).remove));
  out += row('remove one: main-thread CPU time, ms', ids, (id) => fmtRange(g(id).remove.cpuMs));

  const recogito = summary.recogito;
  const r = (id: string) => (recogito?.[id] ?? null) as RecogitoScenarioSummary | null;
  if (recogito) {
    const measured = ids.filter((id) => r(id));
    out += `\n## @recogito/text-annotator ${recogito.version} in the same run (${recogito.renderer} renderer, text in one <pre>)\n\n`;
    out += heading(measured, summary);
    out += row('navigation → text painted, ms', measured, (id) => fmtRange(r(id)?.textPaintedMs));
    out += row('setAnnotations(all) → painted, ms', measured, (id) => fmtRange(r(id)?.setToPaintedMs));
    out += row('  script / layout, ms', measured, (id) => `${fmt(r(id)?.setScriptMs, 0)} / ${fmt(r(id)?.setLayoutMs, 0)}`);
    out += row('  main-thread CPU time, ms', measured, (id) => fmt(r(id)?.setCpuMs, 0));
    out += row('JS heap after GC, MiB', measured, (id) => fmt(r(id)?.memory.jsHeapUsedMiB));
    out += row('renderer process PSS / RSS, MiB', measured, (id) => `${fmt(r(id)?.memory.rendererPssMiB, 0)} / ${fmt(r(id)?.memory.rendererRssMiB, 0)}`);
    out += row('add one → painted, ms', measured, (id) => fmtRange(r(id)?.add.toPaintedMs));
    out += row('  main thread, all tasks (script / style / layout), ms', measured, (id) => busy(r(id)!.add));
    out += row('  main-thread CPU time, ms', measured, (id) => fmt(r(id)?.add.cpuMs));
    out += row('remove one → painted, ms', measured, (id) => fmtRange(r(id)?.remove.toPaintedMs));
    out += row('  main thread, all tasks (script / style / layout), ms', measured, (id) => busy(r(id)!.remove));
    out += row('  main-thread CPU time, ms', measured, (id) => fmt(r(id)?.remove.cpuMs));
  }

  // Ratios: ours / theirs. "Set N → painted" for Glossa is the state's arrival until painted, which
  // also includes putting the 1.1 MB text into the page; the text-alone column is that part alone.
  out += `\n## Ratios (Glossa ÷ other; below 1 means Glossa is faster)\n\n`;
  out +=
    '| figure | Glossa, ms | ÷ Recogito, same run | ÷ Recogito (ANCHORS) | ÷ DOM wrapping (ANCHORS) | ÷ CSS highlights (ANCHORS) |\n| --- | --- | --- | --- | --- | --- |\n';
  const base = summary.glossa['0']?.load.stateToPaintedMs.median ?? 0;
  const anchorRow = (
    label: string,
    ours: number,
    same: number | null,
    anchors: { recogito: Range2; domWrapping: Range2; cssHighlights: Range2 } | undefined,
  ) => {
    if (!Number.isFinite(ours)) return;
    out += `| ${label} | ${round(ours, 1)} | ${same && Number.isFinite(same) ? `${round(ours / same, 2)}×` : '—'} | ${anchors ? fmtRatio(ratio(ours, anchors.recogito)) : '—'} | ${anchors ? fmtRatio(ratio(ours, anchors.domWrapping)) : '—'} | ${anchors ? fmtRatio(ratio(ours, anchors.cssHighlights)) : '—'} |\n`;
  };
  for (const id of ids) {
    const s = g(id);
    if (s.annotations === 0 || s.hidePanel) continue;
    const set = ANCHORS.set[id as keyof typeof ANCHORS.set];
    const name = `${s.annotations.toLocaleString('en-US')}${s.overlap ? ' (20% overlapping)' : ''}`;
    anchorRow(`set ${name} → painted (state received → painted)`, s.load.stateToPaintedMs.median, r(id)?.setToPaintedMs?.median ?? null, set);
    anchorRow(`  the annotations' share (minus text alone)`, s.load.stateToPaintedMs.median - base, r(id)?.setToPaintedMs?.median ?? null, set);
    if (s.overlap) continue;
    const add = ANCHORS.add[id as keyof typeof ANCHORS.add];
    anchorRow(
      `add one with ${name} shown (update received → painted)`,
      s.add.arrivalToPaintedMs?.median ?? Number.NaN,
      r(id)?.add.toPaintedMs.median ?? null,
      add,
    );
    anchorRow(`  main-thread CPU time of it`, s.add.cpuMs.median, r(id)?.add.cpuMs.median ?? null, undefined);
    const remove = ANCHORS.remove[id as keyof typeof ANCHORS.remove];
    anchorRow(
      `remove one with ${name} shown (update received → painted)`,
      s.remove.arrivalToPaintedMs?.median ?? Number.NaN,
      r(id)?.remove.toPaintedMs.median ?? null,
      remove,
    );
    anchorRow(`  main-thread CPU time of it`, s.remove.cpuMs.median, r(id)?.remove.cpuMs.median ?? null, undefined);
  }
  const text = summary.glossa['0'];
  if (text) {
    out += `| text alone: navigation → painted | ${fmt(text.load.paintedMs)} | ${r('0') ? `${round(text.load.paintedMs.median / r('0')!.textPaintedMs.median, 2)}×` : '—'} | ${fmtRatio(ratio(text.load.paintedMs.median, ANCHORS.textAlone.recogito))} | — | — |\n`;
  }
  return out;
}
