// One page load of @recogito/text-annotator over the same text and ranges: the text alone painted,
// then all annotations set and painted, memory, and one annotation added and removed.

import type { Browser } from 'playwright-core';
import { type MainThreadTotals, type PageMemory, freshContext, mainThreadDelta, mainThreadTotals, openPage, pageMemory } from './chromium.js';
import { addInitFunction } from './in-page.js';
import type { Layout } from './layout.js';
import { type FramePainted, installProbe } from './page-probe.js';
import { type RecogitoStep, type RecogitoTiming, recogitoStep } from './recogito-probe.js';

export interface RecogitoSample extends RecogitoTiming {
  mainThread: MainThreadTotals;
}

export interface RecogitoRun {
  textPainted: FramePainted;
  set: RecogitoSample | null;
  memory: PageMemory;
  changes: (RecogitoSample & { kind: 'add' | 'remove' })[];
  errors: string[];
}

const STEP_TIMEOUT_MS = 120_000;
const SETTLE_MS = 500;

export async function measureRecogitoRun(browser: Browser, url: string, layout: Layout, changes: number): Promise<RecogitoRun> {
  const context = await freshContext(browser);
  try {
    await addInitFunction(context, installProbe, { target: 0, page: 'pre', timeoutMs: 60_000 });
    const { page, cdp, errors } = await openPage(context);
    await page.goto(url, { waitUntil: 'commit' });
    const textPainted = await page.evaluate(() => window.__benchProbe.firstPainted);
    const step = async (s: RecogitoStep): Promise<RecogitoSample> => {
      const before = await mainThreadTotals(cdp);
      const timing = await page.evaluate(recogitoStep, { ...s, timeoutMs: STEP_TIMEOUT_MS });
      return { ...timing, mainThread: mainThreadDelta(before, await mainThreadTotals(cdp)) };
    };
    await step({ op: 'create' });
    const set = layout.spans.length > 0 ? await step({ op: 'set', spans: layout.spans }) : null;
    await page.waitForTimeout(SETTLE_MS);
    const memory = await pageMemory(browser, cdp);
    const samples: RecogitoRun['changes'] = [];
    for (let i = 0; i < changes; i++) {
      const id = `bench-probe-${i}`;
      samples.push({ kind: 'add', ...(await step({ op: 'add', id, span: layout.probe })) });
      await page.waitForTimeout(SETTLE_MS);
      samples.push({ kind: 'remove', ...(await step({ op: 'remove', id })) });
      await page.waitForTimeout(SETTLE_MS);
    }
    return { textPainted, set, memory, changes: samples, errors };
  } finally {
    await context.close();
  }
}
