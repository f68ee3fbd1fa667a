// Ana looks back through the report's history: on the timeline she sees Ben's highlight appear and
// go again, brings back the thread he deleted, and Ben sees it come back live; Ben brings back a
// comment of his from the thread.

import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeInBrowser, launchBrowser, personContext, screenshot, watchErrors } from '../support/browser.js';
import { createDocument, startTestServer } from '../support/test-server.js';
import { ana, annotateReport, ben, openDocument, report } from '../support/sample-report.js';
import { encodeIdentity } from '../../shared/protocol/identity.js';

const phrase = 'National Security Committee';

/** The passages painted as annotations in the text (not people's selections), each once (the current one is also painted as such). */
function painted(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const [name, highlight] of CSS.highlights) {
      if (name.includes('-peer-')) continue;
      // The painter registers StaticRanges, which do not read out their text: a live Range over the same does.
      for (const painted of highlight as unknown as Iterable<AbstractRange>) {
        const range = new Range();
        range.setStart(painted.startContainer, painted.startOffset);
        range.setEnd(painted.endContainer, painted.endOffset);
        out.push(range.toString());
      }
    }
    return [...new Set(out)];
  });
}

describeInBrowser('history', async () => {
  const server = await startTestServer();
  const documentId = await createDocument(server.url, report, 'Sample report');
  const id = await annotateReport(server.url, documentId, ben, phrase, { comment: 'Which committee is meant here?' });
  const deleted = await fetch(`${server.url}/api/documents/${documentId}/annotations/${id}`, {
    method: 'DELETE',
    headers: { 'x-glossa-identity': encodeIdentity(ben) },
  });

  const browser = await launchBrowser();
  const page = await (await personContext(browser, ana)).newPage();
  const reader = await (await personContext(browser, ben)).newPage();
  const errors = [watchErrors(page), watchErrors(reader)];
  await openDocument(page, server.url, documentId);
  await openDocument(reader, server.url, documentId);
  const slider = page.getByRole('slider', { name: 'Moment' });
  const feed = page.getByRole('list', { name: 'Activity' });

  it('the feed tells who did what, newest first', async () => {
    expect(deleted.status).toBe(204);
    await page.getByRole('button', { name: 'History' }).click();
    await feed.getByRole('button', { name: /Ben deleted the annotation on “National Security Committee”/ }).waitFor();
    const lines = await feed.getByRole('button').allInnerTexts();
    expect(lines.map((l) => l.split(' · ')[0])).toEqual([
      'Ben deleted the annotation on “National Security Committee”',
      'Ben highlighted “National Security Committee” as Evidence',
      'Anonymous created the document',
    ]);
  });

  it('stepping back along the timeline, the highlight appears as it was, and goes again before it was made', async () => {
    expect(await painted(page)).toEqual([]);
    await slider.click();
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await page.getByRole('status').filter({ hasText: 'Viewing the past' }).waitFor();
    await expect.poll(() => painted(page)).toEqual([phrase]);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => painted(page)).toEqual([]);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => painted(page)).toEqual([phrase]);
    // What changed since that moment, as a list.
    await page.getByRole('list', { name: 'Since then' }).getByText('Removed “National Security Committee” · 1 comment').waitFor();
    await screenshot(page, 'history-past');
    // Nothing is written in the past: selecting offers no annotating.
    expect(await page.locator('glossa-annotate-popover').count()).toBe(0);
  });

  it('she restores the deleted thread; Ben sees it come back live, comment and all', async () => {
    await page.getByRole('button', { name: 'Restore “National Security Committee”' }).click();
    const entry = reader.locator('glossa-annotation-list li', { hasText: phrase });
    await entry.waitFor();
    await entry.locator('button').first().click();
    await reader.locator('glossa-thread', { hasText: 'Which committee is meant here?' }).waitFor();
    // Ana is back at now, the highlight there again, and the restore is the newest line of the feed.
    await page.getByRole('status').filter({ hasText: 'Viewing the past' }).waitFor({ state: 'detached' });
    await expect.poll(() => painted(page)).toEqual([phrase]);
    await feed.getByRole('button', { name: /^Ana restored annotations as they were earlier/ }).waitFor();
  });

  it('Ben deletes his comment and brings it back from the thread itself, not only through Undo', async () => {
    const thread = reader.locator('glossa-thread');
    await thread.getByRole('button', { name: 'Delete comment' }).click();
    await thread.getByText('Comment deleted').waitFor();
    await thread.getByRole('button', { name: 'Restore comment' }).click();
    await thread.getByText('Which committee is meant here?').waitFor();
    expect(await thread.getByText('Comment deleted').count()).toBe(0);
    await feed.getByRole('button', { name: /^Ben restored a comment on “National Security Committee”/ }).waitFor();
    expect(errors.flat()).toEqual([]);
  });
});
