// Debian's Chromium through playwright-core, plus the memory figures Chromium can report:
// the page's JS heap (CDP) and the resident memory of its renderer process (/proc).

import { readFileSync } from 'node:fs';
import { type Browser, type BrowserContext, type CDPSession, type Page, chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../tests/support/find-chromium.js';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const VIEWPORT = { width: 1280, height: 820 };
const BENCH_IDENTITY = { id: 'u-bench', name: 'Bench', color: '#1971c2' };

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, timeout: 30_000 });
}

/** A fresh profile whose reader is already named, so the annotator opens without asking. */
export async function freshContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  context.setDefaultTimeout(60_000);
  await context.addInitScript((identity) => localStorage.setItem('glossa.identity', identity), JSON.stringify(BENCH_IDENTITY));
  return context;
}

export interface PageMemory {
  /** V8 heap in use after a full GC (Runtime.getHeapUsage). */
  jsHeapUsedBytes: number;
  jsHeapTotalBytes: number;
  /** Blink's own heap (DOM, layout objects) as V8 reports it. */
  embedderHeapUsedBytes: number | null;
  domNodes: number;
  layoutObjects: number;
  /** The page's renderer process: proportional and resident set size, from /proc/<pid>/smaps_rollup. */
  rendererPssBytes: number | null;
  rendererRssBytes: number | null;
}

function metric(metrics: { name: string; value: number }[], name: string): number {
  return metrics.find((m) => m.name === name)?.value ?? Number.NaN;
}

function smapsRollup(pid: number): { pss: number; rss: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? Number.NaN) * 1024;
    return { pss: kb('Pss'), rss: kb('Rss') };
  } catch {
    return null;
  }
}

/**
 * The renderer with the largest PSS is the page's: the only one holding a 1 MB text. Chromium keeps
 * a spare renderer or two of a few MB around, and closed contexts take theirs with them.
 */
async function rendererMemory(browser: Browser): Promise<{ pss: number; rss: number } | null> {
  const session = await browser.newBrowserCDPSession();
  try {
    const { processInfo } = (await session.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
    let best: { pss: number; rss: number } | null = null;
    for (const info of processInfo) {
      if (info.type !== 'renderer') continue;
      const usage = smapsRollup(info.id);
      if (usage && (!best || usage.pss > best.pss)) best = usage;
    }
    return best;
  } finally {
    await session.detach();
  }
}

export async function pageMemory(browser: Browser, cdp: CDPSession): Promise<PageMemory> {
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; totalSize: number; embedderHeapUsedSize?: number };
  const { metrics } = await cdp.send('Performance.getMetrics');
  const renderer = await rendererMemory(browser);
  return {
    jsHeapUsedBytes: heap.usedSize,
    jsHeapTotalBytes: heap.totalSize,
    embedderHeapUsedBytes: heap.embedderHeapUsedSize ?? null,
    domNodes: metric(metrics, 'Nodes'),
    layoutObjects: metric(metrics, 'LayoutObjects'),
    rendererPssBytes: renderer?.pss ?? null,
    rendererRssBytes: renderer?.rss ?? null,
  };
}

/**
 * Main-thread time Chromium accounts to script, style, layout and all tasks (wall time), and the CPU
 * time of the renderer's main thread and of the whole renderer: these two hardly change when other
 * work on the machine slows the wall clock down.
 */
export interface MainThreadTotals {
  script: number;
  recalcStyle: number;
  layout: number;
  task: number;
  threadCpu: number;
  processCpu: number;
}

export async function mainThreadTotals(cdp: CDPSession): Promise<MainThreadTotals> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return {
    script: metric(metrics, 'ScriptDuration'),
    recalcStyle: metric(metrics, 'RecalcStyleDuration'),
    layout: metric(metrics, 'LayoutDuration'),
    task: metric(metrics, 'TaskDuration'),
    threadCpu: metric(metrics, 'ThreadTime'),
    processCpu: metric(metrics, 'ProcessTime'),
  };
}

/** Milliseconds spent between two readings (a navigation may start a new renderer: then from zero). */
export function mainThreadDelta(before: MainThreadTotals, after: MainThreadTotals): MainThreadTotals {
  const ms = (key: keyof MainThreadTotals) => (after[key] >= before[key] ? after[key] - before[key] : after[key]) * 1000;
  return {
    script: ms('script'),
    recalcStyle: ms('recalcStyle'),
    layout: ms('layout'),
    task: ms('task'),
    threadCpu: ms('threadCpu'),
    processCpu: ms('processCpu'),
  };
}

export async function openPage(context: BrowserContext): Promise<{ page: Page; cdp: CDPSession; errors: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  return { page, cdp, errors };
}
