// Chromium driven by playwright-core (never a downloaded browser), one per test file.
// The browser is found where it usually lives; without one, browser tests are skipped loudly.

import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { cleanUp } from './clean-up.js';
import type { Identity } from '../../shared/protocol/identity.js';
import { CANDIDATES, CHROMIUM, CHROMIUM_ARGS } from './find-chromium.js';

export { CHROMIUM };

let explained = false;

/**
 * `describe`, run only when a browser was found. Without one the suite is skipped and says so
 * loudly, naming it and saying how to get a browser, instead of failing on a machine that lacks one.
 */
export function describeInBrowser(name: string, body: () => void | Promise<void>): void {
  if (!CHROMIUM) {
    console.warn(`\n!!! SKIPPING browser tests "${name}": no Chrome or Chromium found.`);
    if (!explained) {
      explained = true;
      console.warn(
        `!!! Looked at CHROMIUM_PATH and ${CANDIDATES.join(', ')}.\n` +
          '!!! Install one (Debian/Ubuntu: apt-get install chromium; macOS: Google Chrome) or set CHROMIUM_PATH to its binary.\n',
      );
    }
  }
  if (CHROMIUM) {
    describe(name, body);
    return;
  }
  // The suite's own body would start servers and a browser even when skipped: stand in for it.
  describe.skipIf(true)(name, () => {
    it('needs Chrome or Chromium (see the warning above)', () => expect(CHROMIUM).not.toBeNull());
  });
}

const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));

export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM!,
    args: CHROMIUM_ARGS,
  });
  cleanUp(() => browser.close());
  return browser;
}

/** A mid-size phone held upright, as the defects were found on. */
export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true } as const;

export interface ContextOptions {
  /** A phone: 390×844, touch, mobile layout. */
  phone?: boolean;
}

/** A browser profile of its own (like a second person's browser), optionally already named. */
export async function personContext(browser: Browser, identity?: Identity, options: ContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext(options.phone ? PHONE : { viewport: { width: 1280, height: 820 } });
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
