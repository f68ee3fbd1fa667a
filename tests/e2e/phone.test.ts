// The annotator on a phone (390×844, touch), used with the finger: a long press selects, the
// popover is a sheet along the bottom with everything within reach, the panel is a sheet pulled
// up by a tap, and the whole workflow (label, comment, reply, resolve, delete, undo) is done by taps.

import type { Locator, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeInBrowser, launchBrowser, personContext, screenshot, watchErrors } from '../support/browser.js';
import { longPress } from '../support/select-text.js';
import { createDocument, startTestServer } from '../support/test-server.js';
import { ana, openDocument, report } from '../support/sample-report.js';

/** Whether the element lies wholly inside the viewport (so a finger can reach all of it). */
async function withinViewport(page: Page, locator: Locator): Promise<boolean> {
  const box = (await locator.boundingBox())!;
  const { width, height } = page.viewportSize()!;
  return box.x >= 0 && box.y >= 0 && box.x + box.width <= width + 0.5 && box.y + box.height <= height + 0.5;
}

const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describeInBrowser('the annotator on a phone', async () => {
  const server = await startTestServer();
  const documentId = await createDocument(server.url, report, 'Sample report');
  const browser = await launchBrowser();
  const page = await (await personContext(browser, ana, { phone: true })).newPage();
  const errors = watchErrors(page);
  await openDocument(page, server.url, documentId);
  const popover = page.locator('glossa-annotate-popover');
  const thread = page.locator('glossa-thread');
  const entry = page.locator('glossa-annotation-list li', { hasText: 'Tashkent' });

  it('fits the screen: nothing scrolls sideways, at 390 px and at 360 px', async () => {
    expect(await sideways(page)).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 360, height: 780 });
    expect(await sideways(page)).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 390, height: 844 });
  });

  it('a long press selects a word and opens the popover as a sheet with every control in reach', async () => {
    await longPress(page, 'Tashkent bomb blasts', () => popover.waitFor());
    expect(await popover.locator('.quote').innerText()).toBe('“Tashkent”');
    for (const control of [
      popover.getByRole('button', { name: 'Question' }),
      popover.locator('textarea'),
      popover.getByRole('button', { name: 'Save', exact: true }),
    ]) {
      expect(await withinViewport(page, control)).toBe(true);
    }
    await screenshot(page, 'phone-01-popover');
  });

  it('labels, comments and saves by taps; then replies, resolves, deletes and undoes', async () => {
    await popover.getByRole('button', { name: 'Place' }).tap();
    await popover.locator('textarea').tap();
    await page.keyboard.type('Capital of Uzbekistan.');
    await popover.getByRole('button', { name: 'Save', exact: true }).tap();
    await popover.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: /Annotations \(1\)/ }).tap();
    await entry.tap();
    await thread.locator('glossa-markdown', { hasText: 'Capital of Uzbekistan.' }).waitFor();
    expect(await thread.locator('.chip, [aria-pressed="true"]').filter({ hasText: 'Place' }).count()).toBeGreaterThan(0);
    await thread.locator('#reply').tap();
    await page.keyboard.type('Where the blasts were.');
    await thread.getByRole('button', { name: 'Reply' }).tap();
    await thread.locator('glossa-markdown', { hasText: 'Where the blasts were.' }).waitFor();
    await thread.getByRole('button', { name: 'Resolve' }).tap();
    await thread.getByRole('heading', { name: 'Resolved thread' }).waitFor();
    await screenshot(page, 'phone-02-thread');

    await thread.getByRole('button', { name: 'Delete annotation' }).tap();
    await thread.getByRole('alertdialog', { name: 'Confirm deletion' }).getByRole('button', { name: 'Delete', exact: true }).tap();
    const undo = page.locator('glossa-annotator').getByRole('button', { name: 'Undo' });
    await undo.waitFor();
    expect(await withinViewport(page, undo)).toBe(true);
    await undo.tap();
    await entry.waitFor();
    const restored = await entry.innerText();
    expect(restored).toContain('Place');
    expect(restored).toContain('2 comments');
    expect(restored).toContain('resolved');
    expect(errors).toEqual([]);
  });
});
