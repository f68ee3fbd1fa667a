// The documents workflow as people go through it in Chromium: the list (threads, activity, people,
// search, sort, rename, delete with a confirmation, share), the document page's header (heading,
// rename in place, Export menu), share links created, redeemed and revoked in token mode, a phone's
// width, and no 404 (the icon included).

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Locator, Page, Response } from 'playwright-core';
import { afterAll, expect, it } from 'vitest';
import { encodeIdentity, type Identity } from '../../shared/protocol/identity.js';
import { describeInBrowser, launchBrowser, personContext, screenshot, watchErrors } from '../support/browser.js';
import { createDocument, startTestServer } from '../support/test-server.js';
import { TEST_SECRET, signToken } from '../support/tokens.js';

const ana: Identity = { id: 'u-ana', name: 'Ana Lima', color: '#c2255c' };
const ben: Identity = { id: 'u-ben', name: 'Ben', color: '#1971c2' };
const text = 'The committee met in Almaty. The committee denied the claim. Refugees were expelled in March.';

/** What has keyboard focus, named as a person sees it (through shadow roots). */
async function focusedControl(page: Page): Promise<string> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el || el === document.body) return 'body';
    const name = el.getAttribute('aria-label') ?? el.textContent?.trim() ?? '';
    return `${el.tagName.toLowerCase()}:${name}`;
  });
}

/** Presses Tab until `name` has focus (as a keyboard user reaches a control). */
async function tabTo(page: Page, name: string, limit = 30): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if ((await focusedControl(page)) === name) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${name}; focus is on ${await focusedControl(page)}`);
}

/** Every response with a 4xx or 5xx status the page received. */
function watchFailures(page: Page): string[] {
  const failures: string[] = [];
  page.on('response', (response: Response) => {
    if (response.status() >= 400) failures.push(`${response.status()} ${response.url()}`);
  });
  return failures;
}

async function api(base: string, who: Identity, method: string, path: string, body?: unknown): Promise<void> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', 'x-glossa-identity': encodeIdentity(who) },
    body: JSON.stringify(body),
  });
  expect(res.status).toBeLessThan(300);
}

const titles = (page: Page) => page.locator('glossa-document-list tbody th').allInnerTexts();
const row = (page: Page, title: string) => page.locator('glossa-document-list tbody tr', { has: page.getByRole('link', { name: title, exact: true }) });
const cell = (r: Locator, label: string) => r.locator(`td[data-label="${label}"]`);

describeInBrowser('the documents list and a document page (open mode)', async () => {
  const server = await startTestServer();
  // Alpha: one open thread by Ana. Beta: Ana's open and resolved threads and Ben's comment. Gamma: none.
  const alpha = await createDocument(server.url, text, 'Alpha memo');
  const beta = await createDocument(server.url, text, 'Beta report');
  const gamma = await createDocument(server.url, text, 'Gamma notes');
  await api(server.url, ana, 'POST', `/api/documents/${alpha}/annotations`, { start: 4, end: 13 });
  for (const [id, start, end] of [
    ['b1', 4, 13],
    ['b2', 21, 27],
    ['b3', 29, 32],
  ] as const) {
    await api(server.url, ana, 'POST', `/api/documents/${beta}/annotations`, { id, start, end });
  }
  await api(server.url, ana, 'PATCH', `/api/documents/${beta}/annotations/b2`, { status: 'resolved' });
  await api(server.url, ben, 'POST', `/api/documents/${beta}/annotations/b1/comments`, { body: 'Which committee?' });
  await api(server.url, ana, 'POST', `/api/documents/${gamma}/annotations`, { start: 50, end: 58 });

  const browser = await launchBrowser();
  const context = await personContext(browser, ana);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  const page = await context.newPage();
  const errors = watchErrors(page);
  const failures = watchFailures(page);

  it('lists each document with its threads, annotations, last activity and who was active', async () => {
    await page.goto(server.url);
    const beta = row(page, 'Beta report');
    await beta.waitFor();
    expect(await cell(beta, 'Open threads').innerText()).toContain('2');
    expect(await cell(beta, 'Resolved').innerText()).toContain('1');
    expect(await cell(beta, 'Annotations').innerText()).toContain('3');
    const time = cell(beta, 'Last activity').locator('time');
    expect(await time.innerText()).toMatch(/now|second|minute/);
    // The exact time is in a tooltip.
    expect(await time.getAttribute('title')).toMatch(/\d/);
    // Ben commented last, so he comes first; Ana by her initials, in her colour.
    const people = beta.getByRole('list', { name: 'Recently active in “Beta report”' });
    expect(await people.locator('li').evaluateAll((items) => items.map((li) => li.getAttribute('title')))).toEqual(['Ben', 'Ana Lima']);
    expect(
      await people
        .locator('li', { hasText: 'AL' })
        .locator('.avatar')
        .evaluate((el) => getComputedStyle(el).backgroundColor),
    ).toBe('rgb(194, 37, 92)');
    expect(await cell(row(page, 'Gamma notes'), 'Open threads').innerText()).toContain('1');
    expect(await page.title()).toBe('Documents · Glossa');
    await screenshot(page, 'documents-01-list');
  });

  it('searches titles as they are typed and sorts by title, annotations and open threads from the keyboard', async () => {
    await page.getByLabel('Search documents').click();
    await page.keyboard.type('ALPHA');
    await expect.poll(() => titles(page)).toEqual(['Alpha memo']);
    await expect.poll(() => page.getByRole('status').first().innerText()).toContain('1 of 3 documents');
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await expect.poll(async () => (await titles(page)).length).toBe(3);

    // Tab to the sort control; the arrows choose, as on any select.
    await page.keyboard.press('Tab');
    expect(await focusedControl(page)).toMatch(/^select:/);
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => titles(page)).toEqual(['Alpha memo', 'Beta report', 'Gamma notes']);
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => titles(page)).toEqual(['Beta report', 'Gamma notes', 'Alpha memo']);
    await page.keyboard.press('ArrowDown');
    await expect.poll(async () => (await titles(page))[0]).toBe('Beta report');
    expect(await page.locator('glossa-document-list th[aria-sort="descending"]').innerText()).toBe('Open threads');
  });

  it('renames from the list with the keyboard: Enter saves, Esc cancels, focus stays on Rename', async () => {
    await page.reload();
    await row(page, 'Alpha memo').waitFor();
    await tabTo(page, 'button:Rename “Alpha memo”');
    await page.keyboard.press('Enter');
    // The field starts with the title selected: typing replaces it.
    await page.keyboard.type('Alpha memo, revised');
    await page.keyboard.press('Enter');
    await row(page, 'Alpha memo, revised').waitFor();
    await expect.poll(() => focusedControl(page)).toBe('button:Rename “Alpha memo, revised”');

    await page.keyboard.press('Enter');
    await page.keyboard.type('Not this');
    await page.keyboard.press('Escape');
    await expect.poll(() => focusedControl(page)).toBe('button:Rename “Alpha memo, revised”');
    expect(await row(page, 'Alpha memo, revised').count()).toBe(1);
    const stored = (await (await fetch(`${server.url}/api/documents/${alpha}?text=false`)).json()) as { title: string };
    expect(stored.title).toBe('Alpha memo, revised');
  });

  it('deletes only after a confirmation that opens on Cancel and says what goes', async () => {
    const opener = page.getByRole('button', { name: 'Delete “Gamma notes”' });
    await opener.click();
    const dialog = page.getByRole('dialog', { name: 'Delete this document?' });
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('Delete “Gamma notes” and its 1 annotation for everyone?');
    expect(await focusedControl(page)).toBe('button:Cancel');
    await screenshot(page, 'documents-02-delete-confirmation');
    // Enter at once keeps the document; focus goes back to the opener.
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    expect(await focusedControl(page)).toBe('button:Delete “Gamma notes”');
    expect(await row(page, 'Gamma notes').count()).toBe(1);

    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await focusedControl(page)).toBe('button:Delete “Gamma notes”');

    await opener.click();
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await row(page, 'Gamma notes').waitFor({ state: 'detached' });
    expect((await fetch(`${server.url}/api/documents/${gamma}`)).status).toBe(404);
    expect(await focusedControl(page)).toMatch(/^input:/);
  });

  it('in open mode, Share says there are no roles to give and copies the address', async () => {
    await page.getByRole('button', { name: 'Share “Beta report”' }).click();
    const dialog = page.getByRole('dialog', { name: 'Share “Beta report”' });
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('open mode');
    await dialog.getByRole('button', { name: 'Copy link' }).click();
    await dialog.getByRole('status').filter({ hasText: 'copied' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${server.url}/documents/${beta}`);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await focusedControl(page)).toBe('button:Share “Beta report”');
  });

  it('the document page: a header with the way back, the title as its heading, and the annotator as its main content', async () => {
    await page.getByRole('link', { name: 'Beta report' }).click();
    await page.waitForURL(`**/documents/${beta}`);
    const heading = page.getByRole('heading', { level: 1 });
    await expect.poll(() => heading.innerText()).toBe('Beta report');
    expect(await page.title()).toBe('Beta report · Glossa');
    expect(await page.getByRole('banner').getByRole('navigation').getByRole('link', { name: '← All documents' }).getAttribute('href')).toBe(`${server.url}/`);
    expect(await page.getByRole('main').locator('glossa-annotator').count()).toBe(1);
    await page.locator('glossa-text-view .text', { hasText: 'The committee met' }).waitFor();
    await screenshot(page, 'documents-03-document-header');
  });

  it('renames from the heading with the keyboard, and the page title follows', async () => {
    await tabTo(page, 'button:Rename');
    await page.keyboard.press('Enter');
    expect(await focusedControl(page)).toBe('input:Document title');
    await page.keyboard.type('Beta report (final)');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Beta report (final)');
    await expect.poll(() => focusedControl(page)).toBe('button:Rename');
    await expect.poll(() => page.title()).toBe('Beta report (final) · Glossa');

    await page.keyboard.press('Enter');
    await page.keyboard.type('Discarded');
    await page.keyboard.press('Escape');
    await expect.poll(() => focusedControl(page)).toBe('button:Rename');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Beta report (final)');
  });

  it('the Export menu opens from the keyboard and downloads W3C JSON-LD and CSV', async () => {
    await page.keyboard.press('Tab');
    expect(await focusedControl(page)).toBe('button:Export ▾');
    await page.keyboard.press('Enter');
    const menu = page.getByRole('menu');
    await menu.waitFor();
    expect(await focusedControl(page)).toBe('a:W3C Web Annotation (JSON-LD)');
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    expect(await focusedControl(page)).toBe('button:Export ▾');

    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await focusedControl(page)).toBe('a:CSV (spreadsheet)');
    const [csv] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(csv.url()).toBe(`${server.url}/api/documents/${beta}/annotations?format=csv`);
    expect(csv.suggestedFilename()).toMatch(/\.csv$/);
    await menu.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Export' }).click();
    const [w3c] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: 'W3C Web Annotation (JSON-LD)' }).click()]);
    expect(w3c.url()).toBe(`${server.url}/api/documents/${beta}/annotations?format=w3c`);
    expect(w3c.suggestedFilename()).toBe('Beta report (final).jsonld');
  });

  it('answers /favicon.ico, and no page load met a 404 or any page error', async () => {
    const icon = await page.evaluate(async () => {
      const res = await fetch('/favicon.ico');
      return { status: res.status, type: res.headers.get('content-type') };
    });
    expect(icon).toEqual({ status: 200, type: 'image/svg+xml' });
    expect(await page.locator('link[rel="icon"]').getAttribute('href')).toBe('/favicon.svg');
    expect(failures).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('does not scroll sideways on a phone, on the list or on a document', async () => {
    const phone = await personContext(browser, ana, { phone: true });
    const small = await phone.newPage();
    const phoneErrors = watchErrors(small);
    const sideways = () => small.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await small.goto(server.url);
    await row(small, 'Beta report (final)').waitFor();
    expect(await sideways()).toBe(0);
    // Cards, each with its actions within reach.
    const rename = small.getByRole('button', { name: 'Rename “Beta report (final)”' });
    const box = (await rename.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    await screenshot(small, 'documents-04-phone-list');
    await rename.tap();
    expect(await sideways()).toBe(0);
    await small.keyboard.press('Escape');
    // The narrowest phones in common use.
    await small.setViewportSize({ width: 360, height: 740 });
    expect(await sideways()).toBe(0);
    await small.goto(`${server.url}/documents/${beta}`);
    await small.locator('glossa-text-view .text', { hasText: 'The committee met' }).waitFor();
    await expect.poll(() => small.getByRole('heading', { level: 1 }).innerText()).toBe('Beta report (final)');
    expect(await sideways()).toBe(0);
    await screenshot(small, 'documents-05-phone-document');
    expect(phoneErrors).toEqual([]);
  });

  it('creates a document from pasted text, and one from a chosen file, each opening on its text', async () => {
    await page.goto(server.url);
    await page.getByRole('button', { name: 'Create and open' }).waitFor();
    await page.getByLabel('Title', { exact: true }).click();
    await page.keyboard.type('Delta brief');
    await page.getByLabel('Paste the text').click();
    await page.keyboard.type('Witnesses described the convoy at dawn.');
    await page.getByRole('button', { name: 'Create and open' }).click();
    await page.locator('glossa-text-view .text', { hasText: 'Witnesses described the convoy at dawn.' }).waitFor();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Delta brief');

    await page.goto(server.url);
    await row(page, 'Delta brief').waitFor();
    // A file dialog cannot be typed into: choosing the file is the one step a script stands in for.
    await page
      .getByLabel('…or upload a report (.txt, .md, .html, .docx or .pdf)')
      .setInputFiles({ name: 'epsilon.txt', mimeType: 'text/plain', buffer: Buffer.from('The ferry left Aktau at noon.') });
    await page.getByRole('button', { name: 'Create and open' }).click();
    await page.locator('glossa-text-view .text', { hasText: 'The ferry left Aktau at noon.' }).waitFor();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('epsilon');
    expect(errors).toEqual([]);
  });
});

describeInBrowser('share links on an intranet page (token mode)', async () => {
  // The intranet knows who is signed in (here: a cookie) and hands Glossa's elements a token.
  const people: Record<string, { name: string; role?: 'editor' }> = { olga: { name: 'Olga', role: 'editor' }, sam: { name: 'Sam' }, vic: { name: 'Vic' } };
  let glossa = '';
  const intranet: Server = createServer((req, res) => {
    void (async () => {
      const user = /(?:^|;\s*)user=(\w+)/.exec(req.headers.cookie ?? '')?.[1] ?? '';
      const person = people[user];
      if (!person) return res.writeHead(401, { 'content-type': 'text/plain' }).end('sign in first');
      const token = await signToken({ sub: user, name: person.name, ...(person.role ? { role: person.role } : {}) });
      const url = new URL(req.url ?? '/', 'http://intranet');
      const body =
        url.pathname === '/doc'
          ? `<header><glossa-document-header server="${glossa}" token="${token}" document="${url.searchParams.get('document')}" list-href="/documents"></glossa-document-header></header><main><p>The report follows.</p></main>`
          : url.pathname === '/documents'
            ? `<main><glossa-document-list server="${glossa}" token="${token}" document-url="/doc?document={id}"></glossa-document-list></main>`
            : null;
      if (!body) return res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        `<!doctype html><html lang="en"><head><title>Intranet</title><link rel="icon" href="data:,"><script type="module" src="${glossa}/embed.js"></script></head><body>${body}</body></html>`,
      );
    })();
  });
  await new Promise<void>((resolve) => intranet.listen(0, '127.0.0.1', resolve));
  afterAll(() => new Promise<void>((resolve) => intranet.close(() => resolve())));
  const intranetUrl = `http://127.0.0.1:${(intranet.address() as AddressInfo).port}`;
  const server = await startTestServer({ GLOSSA_SECRET: TEST_SECRET, ALLOWED_ORIGINS: intranetUrl });
  glossa = server.url;

  const olgaToken = await signToken({ sub: 'olga', name: 'Olga', role: 'editor' });
  const id = await createDocument(server.url, text, 'Shared report', olgaToken);
  const vicGrant = await fetch(`${server.url}/api/documents/${id}/access/people/vic`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${olgaToken}` },
    body: JSON.stringify({ role: 'viewer' }),
  });
  expect(vicGrant.status).toBe(200);
  const canRead = async (user: string) =>
    (await fetch(`${server.url}/api/documents/${id}?text=false`, { headers: { authorization: `Bearer ${await signToken({ sub: user })}` } })).status;

  const browser = await launchBrowser();
  const signedIn = async (user: string): Promise<{ context: BrowserContext; page: Page; errors: string[] }> => {
    const context = await personContext(browser);
    await context.addCookies([{ name: 'user', value: user, url: intranetUrl }]);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: intranetUrl });
    const page = await context.newPage();
    return { context, page, errors: watchErrors(page) };
  };
  const olga = await signedIn('olga');
  const sam = await signedIn('sam');
  let link = '';

  it('shows each person only the actions their role allows', async () => {
    const vic = await signedIn('vic');
    await vic.page.goto(`${intranetUrl}/documents`);
    const vicRow = row(vic.page, 'Shared report');
    await vicRow.waitFor();
    expect(await vicRow.getByRole('button').count()).toBe(0);
    // Only a global editor or owner may create documents.
    expect(await vic.page.getByRole('form', { name: 'New document' }).count()).toBe(0);
    await olga.page.goto(`${intranetUrl}/documents`);
    const olgaRow = row(olga.page, 'Shared report');
    await olgaRow.waitFor();
    expect(await olgaRow.getByRole('button').allInnerTexts()).toEqual(['Rename', 'Share', 'Delete']);
    expect(await olgaRow.getByRole('link').getAttribute('href')).toBe(`/doc?document=${id}`);
    await olga.page.getByRole('form', { name: 'New document' }).waitFor();
    expect(vic.errors).toEqual([]);
  });

  it('the owner creates a link with a role and an expiry; it is shown, copied and listed', async () => {
    await olga.page.getByRole('button', { name: 'Share “Shared report”' }).click();
    const dialog = olga.page.getByRole('dialog', { name: 'Share “Shared report”' });
    await dialog.waitFor();
    await dialog.getByText('No active links.').waitFor();
    // Focus starts on the role; Editor is one down from Commenter, then 1 day is one up from 7 days.
    expect(await focusedControl(olga.page)).toMatch(/^select:/);
    await olga.page.keyboard.press('ArrowDown');
    await olga.page.keyboard.press('Tab');
    await olga.page.keyboard.press('ArrowUp');
    await olga.page.keyboard.press('Tab');
    expect(await focusedControl(olga.page)).toBe('button:Create link');
    await olga.page.keyboard.press('Enter');

    await dialog.getByRole('status').filter({ hasText: 'Editor link created and copied to the clipboard.' }).waitFor();
    link = await dialog.getByLabel('New link (shown only now: copy it before closing)').inputValue();
    expect(link).toMatch(new RegExp(`^${intranetUrl}/doc\\?document=${id}&glossa-share=gls_[\\w-]+$`));
    expect(await olga.page.evaluate(() => navigator.clipboard.readText())).toBe(link);
    const listed = dialog.getByRole('list', { name: 'Active links' }).getByRole('listitem');
    await expect.poll(() => listed.count()).toBe(1);
    expect(await listed.innerText()).toMatch(/Editor · expires (tomorrow|in 1 day|in 2[34] hours)/);
    await screenshot(olga.page, 'documents-06-share-link');
    await olga.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await focusedControl(olga.page)).toBe('button:Share “Shared report”');
  });

  it('someone signed in who opens the link gets its role, and the secret leaves the address bar', async () => {
    expect(await canRead('sam')).toBe(404);
    await sam.page.goto(link);
    await expect.poll(() => sam.page.getByRole('heading', { level: 1 }).innerText()).toBe('Shared report');
    expect(sam.page.url()).toBe(`${intranetUrl}/doc?document=${id}`);
    // An editor through the link: Rename, but neither Share nor Delete.
    await sam.page.getByRole('button', { name: 'Rename' }).waitFor();
    expect(await sam.page.getByRole('button', { name: 'Share' }).count()).toBe(0);
    expect(await canRead('sam')).toBe(200);
    expect(sam.errors).toEqual([]);
  });

  it('the owner revokes the link, and the access it gave ends', async () => {
    await olga.page.getByRole('button', { name: 'Share “Shared report”' }).click();
    const dialog = olga.page.getByRole('dialog', { name: 'Share “Shared report”' });
    const revoke = dialog.getByRole('button', { name: /^Revoke editor link/ });
    await revoke.click();
    await dialog.getByText('No active links.').waitFor();
    await dialog.getByRole('status').filter({ hasText: 'revoked' }).waitFor();
    expect(await canRead('sam')).toBe(404);
    await sam.page.reload();
    await sam.page.getByRole('alert').filter({ hasText: 'no document' }).waitFor();
    expect(olga.errors).toEqual([]);
  });
});
