// Editors may write raw Yjs: an entry that does not match the documented layout is skipped by every
// reader and reported, never a 500 for everyone, and the owner can remove it.

import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { TEST_SECRET, signToken } from '../support/tokens.js';
import { createDocument, startTestServer } from '../support/test-server.js';
import { connectClient, whenDoc, whenSynced } from '../support/yjs-clients.js';

const text = 'The committee met in Almaty. The committee denied the claim.';

describe('damaged entries', async () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const server = await startTestServer({ GLOSSA_SECRET: TEST_SECRET }, { log: pino({ level: 'warn' }, sink) });
  const owner = await signToken({ sub: 'olga', name: 'Olga', role: 'owner' });
  const editor = await signToken({ sub: 'eddie', name: 'Eddie', role: 'editor' });
  const id = await createDocument(server.url, text, 'Damaged', owner);
  const base = `${server.url}/api/documents/${id}`;
  const call = async (token: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const raw = await res.text();
    return { status: res.status, body: (raw ? JSON.parse(raw) : null) as Record<string, any> };
  };

  // A good annotation, then an editor's raw client writes four kinds of garbage into the layout.
  const good = await call(owner, 'POST', '/annotations', { id: 'good', start: 4, end: 13, labels: ['claim'] });
  expect(good.status).toBe(201);
  const raw = connectClient(server.url, id, { params: { token: editor }, savedAck: true });
  await whenSynced(raw);
  raw.doc.transact(() => {
    const annotations = raw.doc.getMap('annotations');
    annotations.set('bad1', 'a string');
    const noAnchor = new Y.Map();
    noAnchor.set('quote', 'x');
    annotations.set('bad2', noAnchor);
    const garbageAnchor = new Y.Map();
    garbageAnchor.set('start', new Uint8Array([255, 255, 255]));
    garbageAnchor.set('end', new Uint8Array([1]));
    annotations.set('bad3', garbageAnchor);
    raw.doc.getMap('labels').set('badlabel', 42);
  });
  await raw.saved!.whenSaved();
  const damagedKeys = ['annotations/bad1', 'annotations/bad2', 'annotations/bad3', 'labels/badlabel'];

  it('every reader answers 200, skipping what does not fit and listing it as damaged', async () => {
    const listed = await call(editor, 'GET', '/annotations');
    expect(listed.status).toBe(200);
    expect(listed.body.annotations.map((a: { id: string }) => a.id)).toEqual(['good']);
    expect(listed.body.labels.map((l: { id: string }) => l.id)).not.toContain('badlabel');
    expect(listed.body.damaged.map((d: { map: string; key: string }) => `${d.map}/${d.key}`).sort()).toEqual(damagedKeys);
    for (const d of listed.body.damaged) expect(d.problem).toMatch(/annotation|label/);
    const w3c = await call(editor, 'GET', '/annotations?format=w3c');
    expect(w3c.status).toBe(200);
    expect(w3c.body.items ?? w3c.body.first?.items).toHaveLength(1);
    expect((await fetch(`${base}/annotations?format=csv`, { headers: { authorization: `Bearer ${editor}` } })).status).toBe(200);
    expect((await call(editor, 'GET', '/annotations/good')).status).toBe(200);
    const one = await call(editor, 'GET', '/annotations/bad1');
    expect(one.status).toBe(409);
    expect(one.body.error.code).toBe('annotation_damaged');
    // A command naming a damaged annotation is refused plainly, not a 500.
    const relabel = await call(editor, 'PATCH', '/annotations/bad2', { labels: ['claim'] });
    expect(relabel.status).toBe(409);
    expect(relabel.body.error.code).toBe('annotation_damaged');
  });

  it('logs each damaged entry once, naming the document and key', async () => {
    await call(editor, 'GET', '/annotations');
    const log = lines.join('');
    for (const key of ['bad1', 'bad2', 'bad3', 'badlabel']) {
      const mentions = lines.filter((line) => line.includes(`"key":"${key}"`) && line.includes(id));
      expect(mentions, key).toHaveLength(1);
    }
    expect(log).toContain('does not match the document layout');
  });

  it('only the owner may remove damaged entries; good ones stay', async () => {
    const refused = await call(editor, 'POST', '/commands', { type: 'document.removeDamaged' });
    expect(refused.status).toBe(403);
    const removed = await call(owner, 'POST', '/commands', { type: 'document.removeDamaged' });
    expect(removed.status).toBe(201);
    expect(removed.body.result.removed.map((d: { map: string; key: string }) => `${d.map}/${d.key}`).sort()).toEqual(damagedKeys);
    const after = await call(owner, 'GET', '/annotations');
    expect(after.body.damaged).toEqual([]);
    expect(after.body.annotations.map((a: { id: string }) => a.id)).toEqual(['good']);
    // The raw client sees them go too.
    await whenDoc(raw.doc, (d) => !d.getMap('annotations').has('bad1') && !d.getMap('labels').has('badlabel'));
  });
});
