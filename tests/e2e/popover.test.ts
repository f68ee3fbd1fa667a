// The new-annotation popover, typed into as a person types: the comment box keeps focus and every
// key, Tab walks labels → comment → buttons, and what was typed is what is saved.

import { expect, it } from 'vitest';
import { describeInBrowser, launchBrowser, personContext, watchErrors } from '../support/browser.js';
import { focusedControl } from '../support/focus.js';
import { dragSelect } from '../support/select-text.js';
import { createDocument, startTestServer } from '../support/test-server.js';
import { ana, openDocument, report } from '../support/sample-report.js';

describeInBrowser('the new-annotation popover', async () => {
  const server = await startTestServer();
  const documentId = await createDocument(server.url, report, 'Sample report');
  const browser = await launchBrowser();
  const page = await (await personContext(browser, ana)).newPage();
  const errors = watchErrors(page);
  await openDocument(page, server.url, documentId);

  it('keeps every typed key in the comment box and saves the comment with the chosen label', async () => {
    await dragSelect(page, 'massive expulsion of refugees');
    const popover = page.locator('glossa-annotate-popover');
    await popover.getByRole('button', { name: 'Evidence' }).click();
    await popover.getByPlaceholder('Add a comment').click();
    await page.keyboard.type('hello world, typed as a person types');
    expect(await focusedControl(page)).toMatch(/^textarea:/);
    expect(await popover.locator('textarea').inputValue()).toBe('hello world, typed as a person types');
    // The spaces typed did not toggle any label.
    expect(await popover.getByRole('button', { name: 'Claim' }).getAttribute('aria-pressed')).toBe('false');
    expect(await popover.getByRole('button', { name: 'Evidence' }).getAttribute('aria-pressed')).toBe('true');
    await popover.getByRole('button', { name: 'Save', exact: true }).click();

    const entry = page.locator('glossa-annotation-list li', { hasText: 'massive expulsion of refugees' });
    await entry.waitFor();
    expect(await entry.innerText()).toContain('Evidence');
    expect(await entry.innerText()).toContain('1 comment');
    await entry.click();
    await page.locator('glossa-thread glossa-markdown', { hasText: 'hello world, typed as a person types' }).waitFor();
  });

  it('Tab walks from the labels to the comment box, Save and "Annotate all"', async () => {
    await page.keyboard.press('Escape');
    // "Kazakh authorities" occurs twice, so the popover offers to annotate every occurrence.
    await dragSelect(page, 'Kazakh authorities');
    const popover = page.locator('glossa-annotate-popover');
    await popover.waitFor();
    expect(await focusedControl(page)).toBe('button:Claim');
    const reached: string[] = [];
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      reached.push(await focusedControl(page));
    }
    expect(reached.some((r) => r.startsWith('textarea:'))).toBe(true);
    expect(reached.some((r) => r.startsWith('button:Annotate all'))).toBe(true);
    expect(reached).toContain('button:Save');
    // Focus stays inside the popover while it is open.
    expect(reached).not.toContain('body');
    expect(reached.every((r) => !r.startsWith('div:') && !r.startsWith('li'))).toBe(true);
    // Typing after tabbing to the box goes into it.
    for (let i = 0; i < 12 && !(await focusedControl(page)).startsWith('textarea:'); i++) await page.keyboard.press('Tab');
    await page.keyboard.type('second note');
    expect(await popover.locator('textarea').inputValue()).toBe('second note');
    expect(errors).toEqual([]);
  });
});
