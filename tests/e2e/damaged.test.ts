// A program with the editor role writes garbage into a document's layout with a stock Yjs client
// while two people have it open. The owner is told, calmly, and removes it by mouse; an editor is
// told nothing (they cannot remove it) and neither page breaks or stops updating.

import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeAnchor } from '../../shared/model/anchors.js';
import { describeInBrowser, launchBrowser, personContext, screenshot, watchErrors } from '../support/browser.js';
import { startIntranet } from '../support/intranet.js';
import { report } from '../support/sample-report.js';
import { createDocument, startTestServer } from '../support/test-server.js';
import { TEST_SECRET, signToken } from '../support/tokens.js';
import { connectClient, whenDoc, whenSynced } from '../support/yjs-clients.js';

const entry = (page: Page, quote: string) => page.locator('glossa-annotation-list li', { hasText: quote });
const note = (page: Page) => page.locator('glossa-notices .damaged');
const counts = (page: Page) => page.locator('glossa-annotator header .counts');
const rangeOf = (phrase: string) => ({ start: report.indexOf(phrase), end: report.indexOf(phrase) + phrase.length });

describeInBrowser('damaged entries in the annotator (token mode)', async () => {
  let glossa = '';
  let documentId = '';
  const intranet = await startIntranet(
    () => glossa,
    { olga: { name: 'Olga', role: 'editor' }, eddie: { name: 'Eddie', role: 'editor' } },
    (token) =>
      `<header><glossa-document-header server="${glossa}" token="${token}" document="${documentId}"></glossa-document-header></header>` +
      `<main><glossa-annotator style="height: 80vh" server="${glossa}" token="${token}" document="${documentId}"></glossa-annotator></main>`,
  );
  const server = await startTestServer({ GLOSSA_SECRET: TEST_SECRET, ALLOWED_ORIGINS: intranet.url });
  glossa = server.url;
  // Olga creates the document, so she owns it; Eddie is an editor, as is the program.
  const olga = await signToken({ sub: 'olga', name: 'Olga', role: 'editor' });
  const program = await signToken({ sub: 'import-script', name: 'Import script', role: 'editor' });
  documentId = await createDocument(server.url, report, 'Damaged', olga);
  const api = async (path: string, method = 'GET', body?: object) => {
    const res = await fetch(`${server.url}/api/documents/${documentId}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${olga}` },
      body: body && JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
  const phrases = {
    first: 'National Security Committee',
    second: 'Tashkent bomb blasts',
    odd: 'Andijan events',
    victim: 'In its excessive zeal',
    later: 'string-pullers',
  };
  for (const [id, phrase] of [
    ['first', phrases.first],
    ['second', phrases.second],
    ['victim', phrases.victim],
  ] as const) {
    expect((await api('/annotations', 'POST', { id, ...rangeOf(phrase), labels: ['claim'], comment: `About ${phrase}` })).status).toBe(201);
  }

  const browser = await launchBrowser();
  // Any request for the address an injected style would load, from either page.
  const leaked: string[] = [];
  const open = async (user: string) => {
    const context = await personContext(browser);
    await intranet.signIn(context, user);
    context.on('request', (request) => request.url().includes('/leak') && leaked.push(request.url()));
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(intranet.url);
    await entry(page, phrases.first).waitFor();
    return { page, errors };
  };
  const owner = await open('olga');
  const editor = await open('eddie');

  const raw = connectClient(server.url, documentId, { params: { token: program }, savedAck: true });
  await whenSynced(raw);
  const annotations = raw.doc.getMap<unknown>('annotations');
  const labels = raw.doc.getMap<unknown>('labels');
  const badKeys = [
    'annotations/bad-string',
    'annotations/bad-no-anchor',
    'annotations/bad-bytes',
    'annotations/victim',
    'labels/bad-label',
    `labels/x) {} * { background: url(${intranet.url}/leak) } ::highlight(y`,
  ];

  it('garbage from a raw editor: the owner is told, the editor is not, and both pages keep working', async () => {
    raw.doc.transact(() => {
      annotations.set('bad-string', 'a string');
      const noAnchor = new Y.Map<unknown>();
      noAnchor.set('quote', 'no anchor');
      annotations.set('bad-no-anchor', noAnchor);
      const bytes = new Y.Map<unknown>();
      bytes.set('start', new Uint8Array([255, 255, 255, 7]));
      bytes.set('end', new Uint8Array([1]));
      annotations.set('bad-bytes', bytes);
      labels.set('bad-label', 42);
      labels.set(badKeys[5]!.slice('labels/'.length), { name: 'Injected', color: '#ff0000', description: '' });
      // A good annotation made unreadable: its thread becomes a string.
      (annotations.get('victim') as Y.Map<unknown>).set('comments', 'not a thread');
      // Kept, with every field but the anchor of the wrong type: read as Unknown, empty, resolved.
      const odd = new Y.Map<unknown>();
      const anchor = encodeAnchor(raw.doc.getText('source'), rangeOf(phrases.odd).start, rangeOf(phrases.odd).end);
      odd.set('start', anchor.start);
      odd.set('end', anchor.end);
      odd.set('id', 'first');
      odd.set('quote', { toString: 1 });
      odd.set('author', JSON.parse('{"__proto__": null, "name": {"toString": 1}}'));
      odd.set('createdAt', { toString: 1 });
      odd.set('status', 'resolved');
      odd.set('resolvedAt', ['not', 'a', 'time']);
      odd.set('labels', Y.Array.from(['claim', 'bad-label', 42] as never[]));
      annotations.set('odd', odd);
      // A label of the good annotation that names a damaged one.
      ((annotations.get('first') as Y.Map<unknown>).get('labels') as Y.Array<string>).push(['bad-label']);
    });
    await raw.saved!.whenSaved();

    // The owner: a calm note in the notices (polite status, not an alert), naming how many.
    await owner.page.locator('glossa-notices [role="status"]', { hasText: '6 entries in this document were written by another program' }).waitFor();
    expect(await note(owner.page).innerText()).toMatch(/don't match\s+Glossa's format; they are hidden/);
    expect(await owner.page.locator('glossa-notices [role="alert"]').innerText()).toBe('');
    await screenshot(owner.page, 'damaged-01-owner-note');

    for (const { page } of [owner, editor]) {
      // The damaged annotation leaves the list live; the good ones and the odd one stay.
      await entry(page, phrases.victim).waitFor({ state: 'detached' });
      // A quote that is not text reads as the passage its anchor covers.
      await entry(page, phrases.odd).filter({ hasText: 'Unknown' }).waitFor();
      for (const phrase of [phrases.first, phrases.second]) await entry(page, phrase).waitFor();
      expect(await page.locator('glossa-annotation-list li').count()).toBe(3);
      await expect.poll(() => counts(page).innerText()).toBe('2 open threads · 1 resolved');
      // The label naming a damaged label shows its id; nothing of the injected key became a style.
      expect(await entry(page, phrases.first).innerText()).toContain('bad-label');
      const highlights = await page.evaluate(() => [...CSS.highlights.keys()]);
      expect(highlights.filter((name) => name.includes('leak') || name.includes('highlight(y'))).toEqual([]);
    }
    // The editor cannot remove them, so is not told of them.
    expect(await editor.page.getByText('written by another program').count()).toBe(0);
    expect(await note(editor.page).count()).toBe(0);

    // The thread of the odd annotation, by mouse, then Esc.
    await entry(owner.page, 'Unknown').click();
    const thread = owner.page.locator('glossa-thread');
    await thread.getByText('Highlighted by Unknown').waitFor();
    await owner.page.keyboard.press('Escape');
    await thread.waitFor({ state: 'detached' });

    // Filters: search, and the person filter (Unknown is a person there like any other).
    const search = owner.page.getByRole('searchbox', { name: 'Search quotes and comments' });
    await search.click();
    await owner.page.keyboard.type('Tashkent');
    await expect.poll(() => owner.page.locator('glossa-annotation-list li').count()).toBe(1);
    await owner.page.keyboard.press('Control+A');
    await owner.page.keyboard.press('Backspace');
    await expect.poll(() => owner.page.locator('glossa-annotation-list li').count()).toBe(3);
    const person = owner.page.getByRole('combobox', { name: 'Filter by person' });
    expect(await person.locator('option').allInnerTexts()).toEqual(['Anyone', 'Me (Olga)', 'Unknown']);
    // From the search box, Tab passes the label filter to the person filter; arrows choose in it.
    await search.click();
    await owner.page.keyboard.press('Tab');
    await owner.page.keyboard.press('Tab');
    expect(await person.evaluate((select) => select.matches(':focus'))).toBe(true);
    await owner.page.keyboard.press('ArrowDown');
    await owner.page.keyboard.press('ArrowDown');
    await expect.poll(() => owner.page.locator('glossa-annotation-list li').count()).toBe(1);
    await owner.page.keyboard.press('Home');
    await expect.poll(() => owner.page.locator('glossa-annotation-list li').count()).toBe(3);

    // Mentions: a reply in a good thread completes names, Unknown among them.
    await entry(owner.page, phrases.first).click();
    await thread.locator('#reply').click();
    await owner.page.keyboard.type('@');
    await thread
      .getByRole('listbox', { name: 'People to mention' })
      .getByRole('option', { name: /Unknown/ })
      .waitFor();
    await owner.page.keyboard.press('Escape');
    await owner.page.keyboard.press('Control+A');
    await owner.page.keyboard.press('Backspace');
    await owner.page.keyboard.press('Escape');
    await thread.waitFor({ state: 'detached' });

    // Both exports download, with the good annotations and none of the damaged ones.
    const exportAs = async (item: string) => {
      await owner.page.getByRole('button', { name: 'Export' }).click();
      const [download] = await Promise.all([owner.page.waitForEvent('download'), owner.page.getByRole('menuitem', { name: item }).click()]);
      return readFile(await download.path(), 'utf8');
    };
    const csv = await exportAs('CSV (spreadsheet)');
    expect(csv).toContain(phrases.first);
    expect(csv).not.toContain('no anchor');
    const w3c = JSON.parse(await exportAs('W3C Web Annotation (JSON-LD)')) as { items: unknown[] };
    expect(w3c.items).toHaveLength(3);

    expect(leaked).toEqual([]);
    expect(owner.errors).toEqual([]);
    expect(editor.errors).toEqual([]);
  });

  it('"Not now" puts the note away until more arrives', async () => {
    await note(owner.page).getByRole('button', { name: 'Not now' }).click();
    await note(owner.page).waitFor({ state: 'detached' });
    annotations.set('bad-later', 1234);
    await owner.page.locator('glossa-notices', { hasText: '7 entries in this document were written by another program' }).waitFor();
    badKeys.push('annotations/bad-later');
  });

  it('the owner removes them by mouse: the note goes, good annotations stay, and the editor keeps seeing changes', async () => {
    await note(owner.page).getByRole('button', { name: 'Remove them' }).click();
    await note(owner.page).waitFor({ state: 'detached' });
    await owner.page.locator('glossa-notices', { hasText: 'Removed the entries that did not match' }).waitFor();
    // Focus was on the button that went: it is in the text now, not lost on the page.
    await expect
      .poll(() => owner.page.evaluate(() => document.querySelector('glossa-annotator')!.shadowRoot!.activeElement?.localName ?? null))
      .toBe('glossa-text-view');

    const listed = await api('/annotations');
    expect(listed.body.damaged).toEqual([]);
    expect(listed.body.annotations.map((a: { id: string }) => a.id).sort()).toEqual(['first', 'odd', 'second']);
    await whenDoc(raw.doc, (d) => badKeys.every((k) => !d.getMap(k.split('/')[0]).has(k.slice(k.indexOf('/') + 1))));
    for (const { page } of [owner, editor]) {
      for (const phrase of [phrases.first, phrases.second]) await entry(page, phrase).waitFor();
      await entry(page, 'Unknown').waitFor();
      expect(await page.locator('glossa-annotation-list li').count()).toBe(3);
    }

    // The editor's page still follows the document: a new annotation arrives, and no note ever showed.
    expect((await api('/annotations', 'POST', { id: 'later', ...rangeOf(phrases.later), labels: ['claim'] })).status).toBe(201);
    await entry(editor.page, phrases.later).waitFor();
    await expect.poll(() => counts(editor.page).innerText()).toBe('3 open threads · 1 resolved');
    expect(await editor.page.getByText('written by another program').count()).toBe(0);
    await screenshot(owner.page, 'damaged-02-removed');
    expect(leaked).toEqual([]);
    expect(owner.errors).toEqual([]);
    expect(editor.errors).toEqual([]);
  });
});
