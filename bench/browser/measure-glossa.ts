// One page load of Glossa's annotator: time until the text and every highlight are painted, the
// memory it then holds, and the time to show one annotation added and removed through the REST API.

import type { Browser } from 'playwright-core';
import { type MainThreadTotals, type PageMemory, freshContext, mainThreadDelta, mainThreadTotals, openPage, pageMemory } from './chromium.js';
import { type Bundle, serveBundle } from './bundle.js';
import type { Fixture } from './fixture.js';
import { addInitFunction } from './in-page.js';
import { type ChangeTiming, type FramePainted, installProbe, timeChange } from './page-probe.js';

export interface LoadTiming extends FramePainted {
  /** Navigation timing: the HTML is in, the module script has run. */
  responseEnd: number;
  domContentLoaded: number;
  /** embed.js fully received. */
  bundleLoaded: number | null;
  /** The largest y-websocket sync message (the document's state) arrived. */
  stateArrivedAt: number | null;
  stateBytes: number | null;
  /** Main-thread time from navigation to the painted frame, by kind. */
  mainThread: MainThreadTotals;
}

export interface ChangeSample extends ChangeTiming {
  kind: 'add' | 'remove';
  mainThread: MainThreadTotals;
}

export interface GlossaRun {
  load: LoadTiming;
  memory: PageMemory;
  changes: ChangeSample[];
  errors: string[];
}

const LOAD_TIMEOUT_MS = 60_000;
const CHANGE_TIMEOUT_MS = 15_000;
/** Lets presence, the list and late tasks settle before memory is read and between changes. */
const SETTLE_MS = 500;

/** In the page: takes the annotator's side panel out of layout (it is still rendered). */
function hidePanel(): void {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync('glossa-annotator::part(panel) { display: none !important; }');
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}

export async function measureGlossaRun(browser: Browser, bundle: Bundle, serverUrl: string, fixture: Fixture, changes: number): Promise<GlossaRun> {
  const context = await freshContext(browser);
  try {
    await serveBundle(context, bundle);
    const target = fixture.layout.spans.length;
    await addInitFunction(context, installProbe, { target, page: 'glossa', timeoutMs: LOAD_TIMEOUT_MS });
    if (fixture.scenario.hidePanel) await addInitFunction(context, hidePanel, null);
    const { page, cdp, errors } = await openPage(context);
    const before = await mainThreadTotals(cdp);
    await page.goto(`${serverUrl}/documents/${encodeURIComponent(fixture.documentId)}`, { waitUntil: 'commit' });
    const painted = await page.evaluate(() => window.__benchProbe.firstPainted);
    const mainThread = mainThreadDelta(before, await mainThreadTotals(cdp));
    const navigation = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      const bundle = performance.getEntriesByType('resource').find((r) => r.name.endsWith('/embed.js')) as PerformanceResourceTiming | undefined;
      const messages = window.__benchProbe.messages;
      const state = messages.filter((m) => m.kind === 0).sort((a, b) => b.bytes - a.bytes)[0];
      return {
        responseEnd: nav?.responseEnd ?? Number.NaN,
        domContentLoaded: nav?.domContentLoadedEventEnd ?? Number.NaN,
        bundleLoaded: bundle ? bundle.responseEnd : null,
        stateArrivedAt: state ? state.t : null,
        stateBytes: state ? state.bytes : null,
      };
    });
    await page.waitForTimeout(SETTLE_MS);
    const memory = await pageMemory(browser, cdp);

    const samples: ChangeSample[] = [];
    const url = `/api/documents/${encodeURIComponent(fixture.documentId)}/commands`;
    const { start, end } = fixture.layout.probe;
    for (let i = 0; i < changes; i++) {
      const id = `bench-probe-${Date.now().toString(36)}-${i}`;
      for (const kind of ['add', 'remove'] as const) {
        const body = kind === 'add' ? { type: 'annotation.create', id, start, end, labels: ['claim'] } : { type: 'annotation.delete', annotationId: id };
        const totals = await mainThreadTotals(cdp);
        const timing = await page.evaluate(timeChange, { url, body, target: kind === 'add' ? target + 1 : target, timeoutMs: CHANGE_TIMEOUT_MS });
        samples.push({ kind, ...timing, mainThread: mainThreadDelta(totals, await mainThreadTotals(cdp)) });
        await page.waitForTimeout(SETTLE_MS);
      }
    }
    return { load: { ...painted, ...navigation, mainThread }, memory, changes: samples, errors };
  } finally {
    await context.close();
  }
}
