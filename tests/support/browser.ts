// Debian's Chromium driven by playwright-core (no downloaded browsers), one per test file.

import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { cleanUp } from './clean-up.js';
import type { Identity } from '../../shared/protocol/identity.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));

export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  cleanUp(() => browser.close());
  return browser;
}

/** A browser profile of its own (like a second person's browser), optionally already named. */
export async function personContext(browser: Browser, identity?: Identity): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 820 } });
  // Shorter than the test timeout, so a missing element fails with Playwright's own message.
  context.setDefaultTimeout(8000);
  if (identity) {
    await context.addInitScript((value) => {
      if (!localStorage.getItem('glossa.identity')) localStorage.setItem('glossa.identity', value);
    }, JSON.stringify(identity));
  }
  return context;
}

/** Fails the test on any uncaught error in the page. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: `${artifacts}${name}.png` });
}

/** Drags the mouse over the first occurrence of `phrase` in the annotator's text, as a person selects. */
export async function selectPhrase(page: Page, phrase: string, root = 'glossa-annotator'): Promise<void> {
  const box = await page.evaluate(
    ({ phrase, root }) => {
      const host = document.querySelector(root)!.shadowRoot!.querySelector('glossa-text-view')!;
      const container = host.shadowRoot!.querySelector('.text')!;
      const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent!.indexOf(phrase);
        if (at === -1) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + phrase.length);
        // Bring the phrase itself (not its whole chunk) into the middle of the text view.
        const viewTop = host.getBoundingClientRect().top;
        host.scrollBy(0, range.getBoundingClientRect().top - viewTop - host.clientHeight / 3);
        const rects = range.getClientRects();
        const first = rects[0]!;
        const last = rects[rects.length - 1]!;
        return { x1: first.left + 1, y1: first.top + first.height / 2, x2: last.right - 1, y2: last.top + last.height / 2 };
      }
      throw new Error(`phrase not found: ${phrase}`);
    },
    { phrase, root },
  );
  await page.mouse.move(box.x1, box.y1);
  await page.mouse.down();
  await page.mouse.move((box.x1 + box.x2) / 2, (box.y1 + box.y2) / 2, { steps: 4 });
  await page.mouse.move(box.x2, box.y2, { steps: 4 });
  await page.mouse.up();
}
