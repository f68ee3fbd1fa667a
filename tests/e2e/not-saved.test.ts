// The server's disk fills while two people annotate: what each of them sees. The one who just
// annotated is told plainly that it is not saved and why, the browser asks before she closes the
// tab, the other person is told too (and his own change waits as "not saved", not as "saving" for
// ever), and once space returns both read "All changes saved" and the annotations are there after a
// reload, and in the store itself. The store is a SQLite file on a small tmpfs, filled and freed as
// an environment fault, not as anything a person does.

import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Dialog, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { canMountTmpfs, mountSmallDisk } from '../faults/support/small-disk.js';
import { describeInBrowser, launchBrowser, personContext, screenshot, watchErrors } from '../support/browser.js';
import { dragSelect } from '../support/select-text.js';
import { ana, ben, openDocument, report } from '../support/sample-report.js';
import { createDocument, startTestServer } from '../support/test-server.js';

const tmpfs = await canMountTmpfs();
if (!tmpfs.ok) {
  console.warn(
    `\n!!! SKIPPING the not-saved browser tests (tests/e2e/not-saved.test.ts): ${tmpfs.reason}.\n` +
      '!!! They fill a small tmpfs disk under the server: run them as root on Linux (as CI does).\n',
  );
}

const listEntry = (page: Page, quote: string) => page.locator('glossa-annotation-list li', { hasText: quote });
/** The short saving state next to the people here. */
const savingState = (page: Page, text: string) => page.locator('glossa-presence-bar [role="status"]', { hasText: text });
/** The notice that changes are not being stored, read out once when it appears. */
const notSavedNotice = (page: Page) => page.getByRole('alert').filter({ hasText: 'Not saved.' });

/** Selects the phrase with the mouse, picks a label in the popover and saves, as a person does. */
async function annotate(page: Page, phrase: string, label: string): Promise<void> {
  await dragSelect(page, phrase);
  const popover = page.locator('glossa-annotate-popover');
  await popover.getByRole('button', { name: label }).click();
  await popover.getByRole('button', { name: 'Save', exact: true }).click();
  await popover.waitFor({ state: 'detached' });
}

/**
 * SQLite writes into the space its write-ahead log already has once a checkpoint has copied the log
 * back, so a small edit may still fit on a full disk (and is then truly stored). Emptying the log
 * first (a checkpoint that truncates it, from a connection of the test's own) makes the next write
 * need new space, as on a server whose log is growing.
 */
function emptyWriteAheadLog(path: string): void {
  const db = new Database(path);
  try {
    const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    expect(result!.busy).toBe(0);
  } finally {
    db.close();
  }
}

describeInBrowser('changes the server cannot store', async () => {
  if (!tmpfs.ok) {
    console.warn(`SKIPPED not-saved browser tests: ${tmpfs.reason}`);
    it.skip(`needs a tmpfs the test can fill (${tmpfs.reason})`, () => {});
    return;
  }
  // Room for the store, its write-ahead log and the report with some to spare, until filled.
  const disk = await mountSmallDisk(6 * 1024 * 1024);
  const databaseUrl = join(disk.dir, 'glossa.db');
  const server = await startTestServer({ DATABASE_URL: databaseUrl });
  const documentId = await createDocument(server.url, report, 'Sample report');
  const browser = await launchBrowser();
  const a = await (await personContext(browser, ana)).newPage();
  const b = await (await personContext(browser, ben)).newPage();
  const errors = [a, b].map(watchErrors);
  const anasPhrase = 'National Security Committee (NSC)';
  const bensPhrase = 'Jamaat of Mojahedeens of Central Asia';

  it('both people open the report, everything saved', async () => {
    await openDocument(a, server.url, documentId);
    await openDocument(b, server.url, documentId);
    for (const page of [a, b]) await savingState(page, 'All changes saved').waitFor();
    await a.locator('glossa-presence-bar li', { hasText: 'Ben' }).waitFor();
  });

  it('the disk fills; Ana annotates and is told plainly that it is not saved and why; Ben is told too', async () => {
    emptyWriteAheadLog(databaseUrl);
    await disk.fill();
    await annotate(a, anasPhrase, 'Organisation');
    // Her annotation is on her page, marked as not saved yet; the notice says why and what it means for her.
    await listEntry(a, anasPhrase).filter({ hasText: 'not saved yet' }).waitFor();
    const notice = notSavedNotice(a);
    await notice.waitFor();
    const said = await notice.innerText();
    expect(said).toContain('The server cannot store changes: its disk is full.');
    expect(said).toContain("Your changes are kept on this page and will be saved when it recovers; don't close it.");
    await savingState(a, 'Not saved · 1 waiting').waitFor();
    // Red, like being offline: not the amber of saving in progress.
    expect(await a.locator('glossa-presence-bar [role="status"]').evaluate((el) => getComputedStyle(el).getPropertyValue('--s').trim())).toBe('#cf222e');

    // Ben has nothing waiting, but he is told as well, and sees nothing that was not stored.
    await notSavedNotice(b).filter({ hasText: 'its disk is full' }).waitFor();
    await savingState(b, 'Not saved').waitFor();
    expect(await listEntry(b, anasPhrase).count()).toBe(0);
    await screenshot(a, 'not-saved-disk-full');
  });

  it('Ben annotates while it is full: refused for now, his change waits and reads as not saved, not as saving', async () => {
    await annotate(b, bensPhrase, 'Organisation');
    await listEntry(b, bensPhrase).filter({ hasText: 'not saved yet' }).waitFor();
    await savingState(b, 'Not saved · 1 waiting').waitFor();
    expect(await b.locator('glossa-presence-bar [role="status"]').innerText()).not.toContain('Saving');
  });

  it('Ana goes to close the tab: the browser asks first, and she stays', async () => {
    const asked = Promise.race([
      a.waitForEvent('dialog'),
      a.waitForEvent('close').then((): Dialog => {
        throw new Error('the tab closed without asking');
      }),
    ]);
    await a.close({ runBeforeUnload: true });
    const dialog = await asked;
    expect(dialog.type()).toBe('beforeunload');
    await dialog.dismiss();
    expect(a.isClosed()).toBe(false);
    await notSavedNotice(a).waitFor();
    await listEntry(a, anasPhrase).waitFor();
  });

  it('space returns: both read "All changes saved" and see both annotations', async () => {
    await disk.free();
    // The server retries at most every 5 s, then each page hears that storing works again.
    for (const page of [a, b]) {
      await savingState(page, 'All changes saved').waitFor({ timeout: 20_000 });
      await notSavedNotice(page).waitFor({ state: 'detached' });
      for (const phrase of [anasPhrase, bensPhrase]) await listEntry(page, phrase).waitFor();
    }
    expect(await listEntry(b, anasPhrase).innerText()).toContain('Ana');
    expect(await listEntry(a, bensPhrase).innerText()).toContain('Ben');
    expect(await listEntry(a, anasPhrase).innerText()).not.toContain('not saved');
  });

  it('a reload (no question asked now) shows them, and so does a new server on the same file', async () => {
    const asked: string[] = [];
    a.on('dialog', (dialog) => {
      asked.push(dialog.type());
      void dialog.dismiss();
    });
    await a.reload();
    await a.locator('glossa-text-view .text', { hasText: 'In its excessive zeal' }).waitFor();
    for (const phrase of [anasPhrase, bensPhrase]) await listEntry(a, phrase).waitFor();
    expect(await listEntry(a, anasPhrase).innerText()).toContain('Organisation');
    expect(asked).toEqual([]);

    // Not only in the server's memory: a server started afresh on the same file has them too.
    await b.close();
    await server.close();
    const again = await startTestServer({ DATABASE_URL: databaseUrl });
    await openDocument(a, again.url, documentId);
    for (const phrase of [anasPhrase, bensPhrase]) await listEntry(a, phrase).waitFor();
    await savingState(a, 'All changes saved').waitFor();
    expect(errors.flat()).toEqual([]);
  });
});
