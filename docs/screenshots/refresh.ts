// Refreshes the screenshots in this folder: the main states of the interface at desktop and phone
// sizes, made the way a person makes them (mouse drags, taps, typing) on a fresh server seeded
// with the commissioning report. Run with `npm run screenshots` (it builds the client first).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type Page, chromium } from 'playwright-core';
import { loadConfig } from '../../server/config.js';
import { startServer } from '../../server/server.js';
import { encodeIdentity, type Identity } from '../../shared/protocol/identity.js';
import { CHROMIUM, CHROMIUM_ARGS } from '../../tests/support/find-chromium.js';
import { dragSelect } from '../../tests/support/select-text.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const ana: Identity = { id: 'u-ana', name: 'Aigerim', color: '#c2255c' };
const ben: Identity = { id: 'u-ben', name: 'Ben', color: '#1971c2' };
const dana: Identity = { id: 'u-dana', name: 'Dana', color: '#2f9e44' };

const DESKTOP = { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 };
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

async function seed(url: string): Promise<string> {
  const documents = (await (await fetch(`${url}/api/documents`)).json()) as { documents: { id: string }[] };
  const id = documents.documents[0]!.id;
  const text = ((await (await fetch(`${url}/api/documents/${id}`)).json()) as { text: string }).text;
  const post = async (who: Identity, path: string, body: object) => {
    const res = await fetch(`${url}/api/documents/${id}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-glossa-identity': encodeIdentity(who) },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  };
  const at = (phrase: string) => ({ start: text.indexOf(phrase), end: text.indexOf(phrase) + phrase.length });
  await post(ana, '/annotations', { id: 'nsc', ...at('the National Security Committee (NSC)'), labels: ['organisation'], comment: 'Is this the **same** body as the KNB?' });
  await post(ben, '/annotations/nsc/comments', { body: 'Yes: the NSC *is* the KNB. @Aigerim, see the 2005 law.' });
  await post(dana, '/annotations', { id: 'jamaat', ...at('Jamaat of Mojahedeens of Central Asia'), labels: ['organisation'] });
  await post(ben, '/annotations', { id: 'jamaat-person', ...at('Mojahedeens'), labels: ['person'], comment: 'A name or a category?' });
  await post(ana, '/annotations', { id: 'blasts', ...at('Tashkent bomb blasts last summer'), labels: ['evidence'] });
  await post(dana, '/annotations', { id: 'claim', ...at('20 members of foreign terrorist organizations were extradited'), labels: ['claim'], comment: 'Source?' });
  await post(ben, '/commands', { type: 'annotation.resolve', annotationId: 'blasts' });
  return id;
}

async function person(browser: Browser, who: Identity, size: typeof DESKTOP | typeof PHONE): Promise<Page> {
  const context = await browser.newContext(size);
  await context.addInitScript((value) => localStorage.setItem('glossa.identity', value), JSON.stringify(who));
  return context.newPage();
}

async function shoot(page: Page, name: string): Promise<void> {
  // The caret blinks and would make every refresh differ.
  await page.addStyleTag({ content: '* { caret-color: transparent !important; }' }).catch(() => {});
  await page.screenshot({ path: join(here, `${name}.png`) });
  console.log(`docs/screenshots/${name}.png`);
}

async function main(): Promise<void> {
  if (!CHROMIUM) throw new Error('no Chrome or Chromium found; set CHROMIUM_PATH');
  const dir = mkdtempSync(join(tmpdir(), 'glossa-shots-'));
  const server = await startServer(loadConfig({ PORT: '0', LOG_LEVEL: 'silent', DATABASE_URL: join(dir, 'glossa.db') }), { tuning: { sweepIntervalMs: 0 } });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const id = await seed(server.url);
    const docUrl = `${server.url}/documents/${id}`;

    // Desktop: the list, the document with a colleague selecting, the popover, a thread.
    const a = await person(browser, ana, DESKTOP);
    await a.goto(server.url);
    await a.getByRole('link', { name: /report/i }).first().waitFor();
    await shoot(a, 'desktop-documents');

    const b = await person(browser, ben, DESKTOP);
    await b.goto(docUrl);
    await a.goto(docUrl);
    await a.locator('glossa-presence-bar li', { hasText: 'Ben' }).waitFor();
    await dragSelect(b, 'massive expulsion of refugees');
    await b.keyboard.press('Escape');
    await a.locator('glossa-annotation-list li').nth(4).waitFor();
    await shoot(a, 'desktop-document');

    await dragSelect(a, 'Lutfulla Shamsuddinov');
    await a.locator('glossa-annotate-popover').getByRole('button', { name: 'Person' }).click();
    await a.locator('glossa-annotate-popover textarea').click();
    await a.keyboard.type('Detained in Almaty on July 1.');
    await shoot(a, 'desktop-popover');
    await a.locator('glossa-annotate-popover').getByRole('button', { name: 'Save', exact: true }).click();

    await a.locator('glossa-annotation-list li', { hasText: 'National Security Committee' }).click();
    await a.locator('glossa-thread glossa-markdown mark.mention').waitFor();
    await a.locator('glossa-thread #reply').click();
    await a.keyboard.type('Thanks @Be');
    await a.locator('glossa-thread [role="option"]').first().waitFor();
    await shoot(a, 'desktop-thread');

    // Phone: the document with the panel as a sheet, the popover as a bottom sheet, a thread.
    const p = await person(browser, dana, PHONE);
    await p.goto(docUrl);
    await p.locator('glossa-text-view .text', { hasText: 'In its excessive zeal' }).waitFor();
    await shoot(p, 'phone-document');
    await dragSelect(p, 'Kazakh nationals');
    await p.locator('glossa-annotate-popover').getByRole('button', { name: 'Save', exact: true }).waitFor();
    await shoot(p, 'phone-popover');
    await p.keyboard.press('Escape');
    await p.getByRole('button', { name: /Annotations \(/ }).tap();
    await p.locator('glossa-annotation-list li', { hasText: 'Jamaat of Mojahedeens' }).tap();
    await p.locator('glossa-thread blockquote').waitFor();
    await shoot(p, 'phone-thread');
    const list = await person(browser, dana, PHONE);
    await list.goto(server.url);
    await list.getByRole('link', { name: /report/i }).first().waitFor();
    await shoot(list, 'phone-documents');
  } finally {
    await browser.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
