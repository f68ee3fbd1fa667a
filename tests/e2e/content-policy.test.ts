// Glossa's pages under their content policy, in Chromium (issue 24, items 5 and 7):
//  - people use the documents list, the annotator and the embed example without a single policy
//    violation (the browser reports each one as a `securitypolicyviolation` event, read here);
//  - markup that got past the sanitiser would not run: an inline script or handler is refused;
//  - in open mode a page on another origin that the person visits can neither read nor change
//    anything on the server, nor open its socket.

import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { cleanUp } from '../support/clean-up.js';
import { describeInBrowser, launchBrowser, personContext, watchErrors } from '../support/browser.js';
import { dragSelect } from '../support/select-text.js';
import { createDocument, startTestServer, wsUrl } from '../support/test-server.js';
import { ana, ben, report } from '../support/sample-report.js';

/**
 * Every content-policy violation in the context's pages: the browser's own events, and its console
 * lines about the policy (a second net for anything not raised as an event).
 */
async function recordViolations(context: BrowserContext): Promise<string[]> {
  const seen: string[] = [];
  await context.addInitScript(() => {
    const w = window as unknown as { violations: string[] };
    w.violations = [];
    document.addEventListener(
      'securitypolicyviolation',
      (e) => {
        const line = `${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber} ${e.sample}`;
        w.violations.push(line);
        console.warn(`csp-violation: ${line}`);
      },
      true,
    );
  });
  context.on('console', (message) => {
    const text = message.text();
    if (text.startsWith('csp-violation:') || /Content Security Policy/.test(text)) seen.push(text);
  });
  return seen;
}

const listEntry = (page: Page, quote: string) => page.locator('glossa-annotation-list li', { hasText: quote });

describeInBrowser('Glossa’s pages under their content policy', async () => {
  const server = await startTestServer();
  const documentId = await createDocument(server.url, report, 'Policy report');
  const browser = await launchBrowser();

  it('a person lists documents, annotates with a label, replies and sees another person, with no violation', async () => {
    const contextA = await personContext(browser, ana);
    const contextB = await personContext(browser, ben);
    const violations = await recordViolations(contextA);
    const violationsB = await recordViolations(contextB);
    const a = await contextA.newPage();
    const b = await contextB.newPage();
    const errors = watchErrors(a);

    await a.goto(server.url);
    await a.getByRole('link', { name: 'Policy report' }).click();
    await a.waitForURL(/\/documents\//);
    await a.locator('glossa-text-view .text', { hasText: 'In its excessive zeal' }).waitFor();
    await b.goto(`${server.url}/documents/${documentId}`);
    await b.locator('glossa-text-view .text', { hasText: 'In its excessive zeal' }).waitFor();
    // Others' presence, in their colours (style properties the policy must not refuse).
    await a.locator('glossa-presence-bar li', { hasText: 'Ben' }).waitFor();

    await dragSelect(a, 'Tashkent bomb blasts');
    const popover = a.locator('glossa-annotate-popover');
    await popover.getByRole('button', { name: 'Place' }).click();
    // The popover stands by the selection: its place is set as style properties, which the policy allows.
    expect(await popover.evaluate((el: HTMLElement) => [el.style.top, el.style.left])).toEqual([
      expect.stringMatching(/^\d+(\.\d+)?px$/),
      expect.stringMatching(/^\d+(\.\d+)?px$/),
    ]);
    await popover.locator('textarea').click();
    await a.keyboard.type('Which **year**? See [the archive](https://example.org/archive).');
    await popover.getByRole('button', { name: 'Save', exact: true }).click();
    await listEntry(a, 'Tashkent bomb blasts').waitFor();
    await listEntry(b, 'Tashkent bomb blasts').waitFor();
    await listEntry(a, 'Tashkent bomb blasts').click();
    const thread = a.locator('glossa-thread');
    await thread.locator('glossa-markdown strong', { hasText: 'year' }).waitFor();
    await thread.locator('#reply').click();
    await a.keyboard.type('1999, *February*.');
    await a.keyboard.press('Control+Enter');
    await thread.locator('glossa-markdown em', { hasText: 'February' }).waitFor();
    // A label chip takes its label's colour.
    const chip = a.locator('glossa-annotation-list .chip', { hasText: 'Place' }).first();
    expect(await chip.evaluate((el) => getComputedStyle(el).getPropertyValue('--chip-color').trim())).toMatch(/^#[0-9a-f]{6}$/i);
    await a.locator('glossa-presence-bar', { hasText: 'All changes saved' }).waitFor();

    // Back on the list: the document with its thread and the people who took part.
    await a.goto(server.url);
    await a.locator('glossa-document-list', { hasText: 'Policy report' }).waitFor();
    await a.locator('glossa-document-list .avatar').first().waitFor();

    expect(violations).toEqual([]);
    expect(violationsB).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('the embed example served by Glossa works under the same policy', async () => {
    const context = await personContext(browser, ana);
    const violations = await recordViolations(context);
    const page = await context.newPage();
    await page.goto(`${server.url}/embed-example.html?document=${documentId}`);
    await page.locator('glossa-text-view .text', { hasText: 'In its excessive zeal' }).waitFor();
    await dragSelect(page, 'Andijan');
    await page.locator('glossa-annotate-popover').getByRole('button', { name: 'Save', exact: true }).click();
    await page.locator('#log', { hasText: 'annotation-created: “Andijan”' }).waitFor();
    expect(violations).toEqual([]);
  });

  it('refuses markup that got past the sanitiser: an inline script or handler does not run', async () => {
    const context = await personContext(browser, ana);
    const violations = await recordViolations(context);
    const page = await context.newPage();
    await page.goto(`${server.url}/documents/${documentId}`);
    await page.locator('glossa-text-view .text', { hasText: 'In its excessive zeal' }).waitFor();
    // Stands in for an attacker's markup reaching the page (not for anything a person does): the
    // sanitiser's failure that the policy is there for.
    await page.evaluate(() => {
      const host = document.createElement('div');
      host.innerHTML = '<img src="/no-such-image" onerror="window.ran = \'handler\'">';
      document.body.append(host);
      const script = document.createElement('script');
      script.textContent = "window.ran = 'script'";
      document.body.append(script);
    });
    await page.waitForFunction(() => (window as unknown as { violations: string[] }).violations.length >= 2);
    // The image's error fires after its request fails; by then the handler would have run.
    await page.waitForFunction(() => document.querySelector<HTMLImageElement>('img[src="/no-such-image"]')?.complete === true);
    expect(await page.evaluate(() => (window as unknown as { ran?: string }).ran)).toBeUndefined();
    expect(violations.filter((v) => v.startsWith('csp-violation: script-src-elem blocked inline'))).toHaveLength(1);
    expect(violations.filter((v) => v.startsWith('csp-violation: script-src-attr blocked inline'))).toHaveLength(1);
  });
});

describeInBrowser('open mode: a page on another site cannot use the server', async () => {
  const server = await startTestServer();
  const documentId = await createDocument(server.url, report, 'Private report');
  const glossa = server.url;
  // The other site: one page whose script, run as soon as someone visits, tries everything.
  const page = `<!doctype html><html lang="en"><head><title>Another site</title><link rel="icon" href="data:,"></head><body>
<ol id="results"></ol>
<script type="module">
  const results = document.getElementById('results');
  const report = (name, outcome) => results.insertAdjacentHTML('beforeend', '<li data-name="' + name + '">' + outcome + '</li>');
  const attempt = async (name, run) => { try { report(name, await run()); } catch (e) { report(name, 'failed: ' + e.name); } };
  await attempt('read', async () => 'read ' + (await (await fetch('${glossa}/api/documents')).text()).length + ' characters');
  await attempt('create', async () => 'answered ' + (await fetch('${glossa}/api/documents', {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Planted', text: 'x' }) })).status);
  // A form-like post needs no preflight: the browser sends it, and only the server can refuse it.
  const form = new FormData();
  form.set('file', new Blob(['planted']), 'Planted by a form.txt');
  await attempt('form', async () => (await fetch('${glossa}/api/documents', { method: 'POST', mode: 'no-cors', body: form }), 'sent'));
  await attempt('delete', async () => 'answered ' + (await fetch('${glossa}/api/documents/${documentId}', { method: 'DELETE' })).status);
  await attempt('socket', () => new Promise((resolve) => {
    const ws = new WebSocket('${wsUrl(glossa)}/collab/${documentId}');
    ws.onopen = () => resolve('open');
    ws.onclose = (e) => resolve('closed ' + e.code);
  }));
  document.body.dataset.done = 'true';
</script></body></html>`;
  const site: Server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page));
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  cleanUp(() => new Promise<void>((resolve) => site.close(() => resolve())));
  const siteUrl = `http://localhost:${(site.address() as AddressInfo).port}/`;
  const browser = await launchBrowser();

  it('reads nothing, writes nothing, deletes nothing and gets no socket', async () => {
    const context = await personContext(browser, ana);
    const visit = await context.newPage();
    await visit.goto(siteUrl);
    await visit.locator('body[data-done="true"]').waitFor();
    const outcome = async (name: string) => visit.locator(`li[data-name="${name}"]`).innerText();
    expect(await outcome('read')).toBe('failed: TypeError');
    expect(await outcome('create')).toBe('failed: TypeError');
    expect(await outcome('delete')).toBe('failed: TypeError');
    // Refused at the upgrade: the page only learns that the socket closed.
    expect(await outcome('socket')).toBe('closed 1006');
    // The form post reached the server, which refused it: nothing was created, nothing deleted.
    expect(await outcome('form')).toBe('sent');
    const listing = (await (await fetch(`${server.url}/api/documents`)).json()) as { documents: { title: string }[] };
    expect(listing.documents.map((d) => d.title)).toEqual(['Private report']);
  });

  it('the server’s own page, in the same browser, reads the document and opens its socket', async () => {
    const context = await personContext(browser, ana);
    const own = await context.newPage();
    await own.goto(`${server.url}/documents/${documentId}`);
    await own.locator('glossa-presence-bar [data-state="connected"]').waitFor();
    await own.locator('glossa-text-view .text', { hasText: 'In its excessive zeal' }).waitFor();
  });
});

describeInBrowser('embedding on a host page with a strict policy of its own', async () => {
  // The host page allows exactly what docs/embedding.md says: Glossa's script, and connections to its
  // API and socket. Nothing for styles, images or fonts, and nothing else at all.
  let policy = '';
  let body = '';
  const host: Server = createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': policy }).end(body),
  );
  await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
  cleanUp(() => new Promise<void>((resolve) => host.close(() => resolve())));
  const hostUrl = `http://localhost:${(host.address() as AddressInfo).port}`;
  const server = await startTestServer({ ALLOWED_ORIGINS: hostUrl });
  const documentId = await createDocument(server.url, report, 'Embedded report');
  const glossa = new URL(server.url);
  policy = `default-src 'none'; script-src ${glossa.origin}; connect-src ${glossa.origin} ws://${glossa.host}; base-uri 'none'; object-src 'none'`;
  body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Intranet review</title>
<script type="module" src="${glossa.origin}/embed.js"></script></head>
<body><h1>Review</h1><glossa-annotator server="${glossa.origin}" document="${documentId}"></glossa-annotator></body></html>`;
  const browser = await launchBrowser();

  it('the annotator works, by mouse, with no violation', async () => {
    const context = await personContext(browser, ana);
    const violations = await recordViolations(context);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(hostUrl);
    await page.locator('glossa-text-view .text', { hasText: 'In its excessive zeal' }).waitFor();
    await page.locator('glossa-presence-bar [data-state="connected"]').waitFor();
    await dragSelect(page, 'Tashkent bomb blasts');
    const popover = page.locator('glossa-annotate-popover');
    await popover.getByRole('button', { name: 'Place' }).click();
    await popover.getByRole('button', { name: 'Save', exact: true }).click();
    await listEntry(page, 'Tashkent bomb blasts').click();
    await page.locator('glossa-thread #reply').click();
    await page.keyboard.type('Checked **twice**.');
    await page.keyboard.press('Control+Enter');
    await page.locator('glossa-thread glossa-markdown strong', { hasText: 'twice' }).waitFor();
    await page.locator('glossa-presence-bar', { hasText: 'All changes saved' }).waitFor();
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
  });
});
