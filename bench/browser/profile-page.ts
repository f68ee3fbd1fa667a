// CPU profiles of Glossa's page through CDP's Profiler: one of the load (navigation until the text
// and every highlight are painted) and one of a single annotation added with all the others shown.

import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Browser, CDPSession } from 'playwright-core';
import { freshContext, openPage } from './chromium.js';
import { type CpuProfile, type ProfileSummary, summariseProfile } from './cpu-profile.js';
import { type Bundle, serveBundle } from './bundle.js';
import type { Fixture } from './fixture.js';
import { addInitFunction } from './in-page.js';
import { installProbe, timeChange } from './page-probe.js';
import { REPO_ROOT } from './paths.js';
import { SourceMap } from './source-map.js';

export interface PageProfiles {
  scenario: string;
  load: ProfileSummary;
  add: ProfileSummary;
  files: string[];
}

const SAMPLING_INTERVAL_US = 200;

async function stop(cdp: CDPSession): Promise<CpuProfile> {
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
  return profile;
}

export async function profileGlossa(
  browser: Browser,
  bundle: Bundle,
  serverUrl: string,
  fixture: Fixture,
  rawDir: string,
  stamp: string,
): Promise<PageProfiles> {
  const map = SourceMap.load(bundle.mapPath);
  const context = await freshContext(browser);
  try {
    await serveBundle(context, bundle);
    const target = fixture.layout.spans.length;
    await addInitFunction(context, installProbe, { target, page: 'glossa', timeoutMs: 60_000 });
    const { page, cdp } = await openPage(context);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
    await cdp.send('Profiler.start');
    await page.goto(`${serverUrl}/documents/${encodeURIComponent(fixture.documentId)}`, { waitUntil: 'commit' });
    await page.evaluate(() => window.__benchProbe.firstPainted);
    const load = await stop(cdp);
    await page.waitForTimeout(500);

    await cdp.send('Profiler.start');
    const id = `bench-profile-${Date.now().toString(36)}`;
    const { start, end } = fixture.layout.probe;
    await page.evaluate(timeChange, {
      url: `/api/documents/${encodeURIComponent(fixture.documentId)}/commands`,
      body: { type: 'annotation.create', id, start, end, labels: ['claim'] },
      target: target + 1,
      timeoutMs: 15_000,
    });
    const add = await stop(cdp);
    await page.evaluate(timeChange, {
      url: `/api/documents/${encodeURIComponent(fixture.documentId)}/commands`,
      body: { type: 'annotation.delete', annotationId: id },
      target,
      timeoutMs: 15_000,
    });

    const files = [
      join(rawDir, `browser-load-${fixture.scenario.id}-${stamp}.cpuprofile`),
      join(rawDir, `browser-add-${fixture.scenario.id}-${stamp}.cpuprofile`),
    ];
    writeFileSync(files[0]!, JSON.stringify(load));
    writeFileSync(files[1]!, JSON.stringify(add));
    return {
      scenario: fixture.scenario.id,
      load: summariseProfile(load, map),
      add: summariseProfile(add, map),
      files: files.map((f) => relative(REPO_ROOT, f)),
    };
  } finally {
    await context.close();
  }
}
