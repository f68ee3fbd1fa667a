// Each person is offered only what their role allows (the server refuses the rest anyway): a
// viewer reads, a commenter discusses and moves only their own highlights, and moving a highlight
// by reselecting it can be undone.

import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeInBrowser, launchBrowser, personContext, watchErrors } from '../support/browser.js';
import { startIntranet } from '../support/intranet.js';
import { dragSelect } from '../support/select-text.js';
import { createDocument, startTestServer } from '../support/test-server.js';
import { TEST_SECRET, signToken } from '../support/tokens.js';
import { report } from '../support/sample-report.js';

const thread = (page: Page) => page.locator('glossa-thread');
const entry = (page: Page, quote: string) => page.locator('glossa-annotation-list li', { hasText: quote });

describeInBrowser('roles in the annotator (token mode)', async () => {
  let glossa = '';
  let documentId = '';
  const intranet = await startIntranet(
    () => glossa,
    { olga: { name: 'Olga', role: 'editor' }, cleo: { name: 'Cleo' }, vic: { name: 'Vic' } },
    (token) => `<main><glossa-annotator style="height: 90vh" server="${glossa}" token="${token}" document="${documentId}"></glossa-annotator></main>`,
  );
  const server = await startTestServer({ GLOSSA_SECRET: TEST_SECRET, ALLOWED_ORIGINS: intranet.url });
  glossa = server.url;
  const olga = await signToken({ sub: 'olga', name: 'Olga', role: 'editor' });
  documentId = await createDocument(server.url, report, 'Roles', olga);
  const api = (token: string, path: string, method: string, body?: object) =>
    fetch(`${server.url}/api/documents/${documentId}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: body && JSON.stringify(body),
    });
  for (const [user, role] of [
    ['cleo', 'commenter'],
    ['vic', 'viewer'],
  ] as const) {
    expect((await api(olga, `/access/people/${user}`, 'PUT', { role })).status).toBe(200);
  }
  const phrase = 'National Security Committee';
  const start = report.indexOf(phrase);
  expect((await api(olga, '/annotations', 'POST', { id: 'olgas', start, end: start + phrase.length, labels: ['claim'] })).status).toBe(201);

  const browser = await launchBrowser();
  const open = async (user: string) => {
    const context = await personContext(browser);
    await intranet.signIn(context, user);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(intranet.url);
    await entry(page, phrase).waitFor();
    return { page, errors };
  };

  it('a viewer reads everything and is offered no way to write', async () => {
    const { page, errors } = await open('vic');
    await dragSelect(page, 'Tashkent bomb blasts');
    await page.locator('glossa-annotator').getByRole('status').filter({ hasText: 'annotating it needs comment rights' }).waitFor();
    expect(await page.locator('glossa-annotate-popover').count()).toBe(0);
    await entry(page, phrase).click();
    await thread(page).locator('blockquote', { hasText: phrase }).waitFor();
    expect(await thread(page).getByRole('button').allInnerTexts()).toEqual(['✕']);
    expect(await thread(page).locator('textarea').count()).toBe(0);
    expect(await thread(page).locator('.chip').allInnerTexts()).toEqual(['Claim']);
    expect(await page.getByRole('button', { name: 'Edit text' }).count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('a commenter discusses anything but moves and deletes only their own highlights, and can undo a move', async () => {
    const { page, errors } = await open('cleo');
    await entry(page, phrase).click();
    await thread(page).locator('#reply').waitFor();
    expect(await thread(page).getByRole('button', { name: 'Resolve' }).count()).toBe(1);
    // Correcting the text is an editor's.
    expect(await page.getByRole('button', { name: 'Edit text' }).count()).toBe(0);
    expect(
      await thread(page)
        .getByRole('button', { name: /Delete annotation|Move highlight/ })
        .count(),
    ).toBe(0);
    await thread(page).getByRole('button', { name: 'Close thread' }).click();

    await dragSelect(page, 'Andijan events');
    await page.locator('glossa-annotate-popover').getByRole('button', { name: 'Save', exact: true }).click();
    await entry(page, 'Andijan events').click();
    await thread(page).getByRole('button', { name: 'Move highlight' }).click();
    await page.locator('glossa-annotator .moving').waitFor();
    await dragSelect(page, 'string-pullers of Andijan events');
    await thread(page).locator('blockquote', { hasText: 'string-pullers of Andijan events' }).waitFor();
    await expect
      .poll(async () => (await (await api(olga, '/annotations', 'GET')).json()).annotations.map((a: { quote: string }) => a.quote))
      .toContain('string-pullers of Andijan events');
    await page.locator('glossa-annotator').getByRole('button', { name: 'Undo' }).click();
    await thread(page).locator('blockquote', { hasText: '“Andijan events”' }).waitFor();
    expect(errors).toEqual([]);
  });
});
