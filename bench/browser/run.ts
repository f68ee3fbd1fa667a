// `npm run bench:browser`: Glossa's annotator in real Chromium over a 1.1 MB text with 0, 2,000 and
// 10,000 annotations (and 10,000 with 20% overlapping), and @recogito/text-annotator side by side
// when it is installed. Writes raw runs to bench/results/raw/ and the summary to
// bench/results/browser-render.json, and prints the tables.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import type { Browser } from 'playwright-core';
import { prepareBundle } from './bundle.js';
import { CHROMIUM_PATH, VIEWPORT, launchChromium } from './chromium.js';
import { type Fixture, writeFixtures } from './fixture.js';
import { type GlossaServer, startGlossa } from './glossa-server.js';
import { type GlossaRun, measureGlossaRun } from './measure-glossa.js';
import { type RecogitoRun, measureRecogitoRun } from './measure-recogito.js';
import { parseOptions } from './options.js';
import { RAW_DIR, REPO_ROOT, SUMMARY_FILE } from './paths.js';
import { type PageProfiles, profileGlossa } from './profile-page.js';
import { type StaticPage, recogitoPackage, serveRecogitoPage } from './recogito-page.js';
import { renderReport } from './report.js';
import { spread } from './stats.js';
import { ANCHORS, type BrowserSummary, summariseGlossa, summariseRecogito } from './summary.js';

/** The whole run is bounded: past this everything is stopped and the run fails. */
const WATCHDOG_MS = 45 * 60_000;

const round2 = (v: number) => Math.round(v * 100) / 100;

function log(message: string): void {
  process.stderr.write(`[bench:browser] ${message}\n`);
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const text = readFileSync(options.textPath, 'utf8');
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const loadBefore = loadavg();
  const loadDuring: number[] = [];
  mkdirSync(RAW_DIR, { recursive: true });

  const dataDir = mkdtempSync(join(tmpdir(), 'glossa-bench-browser-'));
  let server: GlossaServer | null = null;
  let browser: Browser | null = null;
  let staticPage: StaticPage | null = null;
  const abandon = (why: string, code: number) => {
    log(why);
    void Promise.allSettled([browser?.close(), server?.stop(), staticPage?.close()]).then(() => {
      rmSync(dataDir, { recursive: true, force: true });
      process.exit(code);
    });
  };
  const watchdog = setTimeout(() => abandon(`still running after ${WATCHDOG_MS / 60_000} minutes: giving up`, 2), WATCHDOG_MS);
  watchdog.unref();
  process.once('SIGINT', () => abandon('interrupted: stopping Chromium and the server', 130));
  process.once('SIGTERM', () => abandon('terminated: stopping Chromium and the server', 143));

  try {
    log(options.build ? "building the client bundle (vite build into the run's own folder)" : 'using dist/client/embed.js as built');
    const bundle = prepareBundle(join(dataDir, 'client'), options.build);
    log(`writing ${options.scenarios.length} documents (${options.scenarios.map((s) => s.id).join(', ')})`);
    const { databasePath, fixtures } = await writeFixtures(dataDir, text, options.scenarios);
    server = await startGlossa(databasePath);
    browser = await launchChromium();
    log(`Glossa at ${server.url}; Chromium ${browser.version()}`);

    const recogito = options.recogito ? recogitoPackage() : null;
    if (options.recogito && !recogito) log('@recogito/text-annotator is not installed: comparing against ../shared/ANCHORS.md only');
    if (recogito) staticPage = await serveRecogitoPage(text);

    // Glossa and Recogito take turns, run by run, so that both see the same load on the machine.
    const glossaRuns: Record<string, GlossaRun[]> = {};
    const recogitoRuns: Record<string, RecogitoRun[]> = {};
    for (const fixture of fixtures) {
      const id = fixture.scenario.id;
      const withRecogito = staticPage !== null && !fixture.scenario.hidePanel;
      // A first load, not measured, opens the room on the server.
      await measureGlossaRun(browser, bundle, server.url, fixture, 1);
      glossaRuns[id] = [];
      if (withRecogito) recogitoRuns[id] = [];
      for (let i = 0; i < options.runs; i++) {
        loadDuring.push(loadavg()[0]!);
        const run = await measureGlossaRun(browser, bundle, server.url, fixture, options.changesPerRun);
        if (run.errors.length) throw new Error(`page errors with ${id}: ${run.errors.join('; ')}`);
        glossaRuns[id].push(run);
        let line = `${id} run ${i + 1}/${options.runs}: Glossa painted at ${run.load.paintedAt.toFixed(0)} ms`;
        if (withRecogito) {
          const other = await measureRecogitoRun(browser, staticPage!.url, fixture.layout, options.changesPerRun);
          recogitoRuns[id]!.push(other);
          line += `; Recogito set painted in ${other.set ? (other.set.paintedAt - other.set.startedAt).toFixed(0) : '-'} ms`;
        }
        log(line);
      }
    }

    let profiles: PageProfiles | null = null;
    const largest = fixtures.filter((f) => f.scenario.overlap === 0 && !f.scenario.hidePanel).sort((a, b) => b.layout.spans.length - a.layout.spans.length)[0];
    if (options.profile && largest) {
      log(`profiling the load of ${largest.scenario.id}`);
      profiles = await profileGlossa(browser, bundle, server.url, largest, RAW_DIR, stamp);
    }

    const cpu = cpus();
    const summary: BrowserSummary = {
      generatedAt: new Date().toISOString(),
      command: `npm run bench:browser${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
      machine: {
        cpuModel: cpu[0]?.model ?? 'unknown',
        cores: cpu.length,
        memoryGiB: Math.round(totalmem() / 2 ** 30),
        loadAverage: { before: loadBefore.map(round2), during: spread(loadDuring), after: loadavg().map(round2) },
        node: process.version,
        chromium: browser.version(),
        chromiumPath: CHROMIUM_PATH,
        viewport: VIEWPORT,
      },
      text: { file: relative(REPO_ROOT, options.textPath), utf16Length: text.length, utf8Bytes: Buffer.byteLength(text, 'utf8') },
      runsPerScenario: options.runs,
      changesPerRun: options.changesPerRun,
      glossa: Object.fromEntries(fixtures.map((f: Fixture) => [f.scenario.id, summariseGlossa(f, glossaRuns[f.scenario.id]!)])),
      recogito: staticPage
        ? {
            version: staticPage.version,
            renderer: 'SPANS (default)',
            ...Object.fromEntries(
              fixtures.filter((f) => recogitoRuns[f.scenario.id]).map((f) => [f.scenario.id, summariseRecogito(f, recogitoRuns[f.scenario.id]!)]),
            ),
          }
        : null,
      anchors: ANCHORS,
      profile: profiles,
    };
    const rawFile = join(RAW_DIR, `browser-render-${stamp}.json`);
    writeFileSync(
      rawFile,
      JSON.stringify(
        {
          summary,
          glossaRuns,
          recogitoRuns: staticPage ? recogitoRuns : null,
          fixtures: fixtures.map((f) => ({ ...f, layout: { probe: f.layout.probe, count: f.layout.spans.length } })),
        },
        null,
        1,
      ),
    );
    writeFileSync(SUMMARY_FILE, `${JSON.stringify(summary, null, 2)}\n`);
    const report = renderReport(summary);
    writeFileSync(join(RAW_DIR, `browser-render-${stamp}.md`), report);
    process.stdout.write(report);
    log(`raw runs: ${relative(REPO_ROOT, rawFile)}; summary: ${relative(REPO_ROOT, SUMMARY_FILE)}`);
  } finally {
    clearTimeout(watchdog);
    await browser?.close().catch(() => {});
    await server?.stop().catch(() => {});
    await staticPage?.close().catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    log(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
