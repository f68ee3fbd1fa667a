// The history over the API: who did what (raw edits under the socket's verified person, commands
// under their actor), the annotations as of a moment in every export format, the difference between
// two moments, and restores going forward, each allowed to whom it should be.

import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { TEST_SECRET, signToken } from '../support/tokens.js';
import { startTestServer } from '../support/test-server.js';
import { connectClient, whenSynced } from '../support/yjs-clients.js';

const report = 'The committee met in Almaty. The committee denied the claim.';

/** A moment strictly between two stored changes (times are kept to the millisecond). */
const tick = () => new Promise((r) => setTimeout(r, 5));

describe('history over the API', async () => {
  const server = await startTestServer({ GLOSSA_SECRET: TEST_SECRET });
  const tokens = {
    ana: await signToken({ sub: 'ana', name: 'Ana Petrova', role: 'editor' }),
    ben: await signToken({ sub: 'ben', name: 'Ben Okafor' }),
    cleo: await signToken({ sub: 'cleo', name: 'Cleo Diaz' }),
  };
  type Who = keyof typeof tokens;
  const api = async (who: Who, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[who]}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const json = res.headers.get('content-type')?.includes('json') && text ? (JSON.parse(text) as Record<string, any>) : null;
    return { status: res.status, body: json as any, text, type: res.headers.get('content-type') ?? '' };
  };

  const created = await api('ana', 'POST', '/api/documents', { title: 'Minutes', text: report });
  const id = created.body.id as string;
  const base = `/api/documents/${id}`;
  await api('ana', 'PUT', `${base}/access/people/ben`, { role: 'editor' });
  await api('ana', 'PUT', `${base}/access/people/cleo`, { role: 'commenter' });

  // Ana types over her socket; Ben annotates, labels and discusses through the API; Cleo comments.
  const socket = connectClient(server.url, id, { params: { token: tokens.ana }, savedAck: true });
  await whenSynced(socket);
  socket.text.insert(0, 'Draft. ');
  await socket.saved!.whenSaved();
  await tick();
  const annotation = await api('ben', 'POST', `${base}/annotations`, { id: 'denial', start: 40, end: 56, labels: [] });
  const label = await api('ben', 'POST', `${base}/labels`, { name: 'Testimony', color: '#2f9e44' });
  await api('ben', 'PATCH', `${base}/annotations/denial`, { labels: [label.body.label.id, 'evidence'] });
  await api('ben', 'POST', `${base}/annotations/denial/comments`, { body: 'Denied by whom?' });
  const cleoComment = await api('cleo', 'POST', `${base}/annotations/denial/comments`, { body: 'The minister, page 4.' });
  await tick();
  const beforeDelete = new Date().toISOString();
  await tick();
  await api('ben', 'DELETE', `${base}/annotations/denial`);
  socket.destroy();

  it('tells every change under the name of who made it, newest first', async () => {
    expect(annotation.status).toBe(201);
    const { status, body } = await api('cleo', 'GET', `${base}/activity`);
    expect(status).toBe(200);
    const lines = (body.entries as { person: { name: string } | null; text: string; via: string | null }[]).map((e) => `${e.person?.name}: ${e.text}`);
    expect(lines).toEqual([
      'Ben Okafor: deleted the annotation on “committee denied”',
      'Cleo Diaz: commented on “committee denied”',
      'Ben Okafor: commented on “committee denied”',
      'Ben Okafor: labelled “committee denied” as Testimony, Evidence',
      'Ben Okafor: created the label Testimony',
      'Ben Okafor: highlighted “committee denied”',
      'Ana Petrova: edited the text (7 characters added)',
      'Ana Petrova: created the document',
    ]);
    expect(body.next).toBeNull();
    expect(body.entries.find((e: { text: string }) => e.text.startsWith('edited the text')).via).toBeNull();
    expect(body.entries[0].via).toBe('command');
  });

  it('filters by person, kind and annotation, and pages without splitting a change', async () => {
    const ana = (await api('ben', 'GET', `${base}/activity?person=ana`)).body.entries as { text: string }[];
    expect(ana.map((e) => e.text)).toEqual(['edited the text (7 characters added)', 'created the document']);
    const comments = (await api('ben', 'GET', `${base}/activity?kind=commented`)).body.entries as unknown[];
    expect(comments).toHaveLength(2);
    const onDenial = (await api('ben', 'GET', `${base}/activity?annotation=denial`)).body.entries as unknown[];
    expect(onDenial).toHaveLength(5);
    const first = (await api('ben', 'GET', `${base}/activity?limit=3`)).body;
    expect(first.entries).toHaveLength(3);
    const second = (await api('ben', 'GET', `${base}/activity?limit=3&before=${first.next}`)).body;
    expect(second.entries[0].changeId).toBeLessThan(first.entries.at(-1).changeId);
    expect((await api('ben', 'GET', `${base}/activity?kind=nonsense`)).status).toBe(400);
  });

  it('exports the activity as CSV for an audit', async () => {
    const res = await api('ana', 'GET', `${base}/activity?format=csv`);
    expect(res.type).toContain('text/csv');
    const rows = parse<Record<string, string>>(res.text, { columns: true });
    expect(rows).toHaveLength(8);
    expect(rows[0]).toMatchObject({ 'person id': 'ben', person: 'Ben Okafor', via: 'command', kind: 'deleted', 'annotation id': 'denial' });
    expect(rows.at(-2)).toMatchObject({ person: 'Ana Petrova', via: 'socket', kind: 'edited-text' });
  });

  it('gives the annotations as they were at a moment, as JSON, W3C and CSV; the text with them', async () => {
    const then = await api('cleo', 'GET', `${base}/annotations?at=${beforeDelete}`);
    expect(then.body.annotations.map((a: { id: string; comments: unknown[] }) => [a.id, a.comments.length])).toEqual([['denial', 2]]);
    expect(then.body.labels.map((l: { name: string }) => l.name)).toContain('Testimony');
    expect((await api('cleo', 'GET', `${base}/annotations`)).body.annotations).toEqual([]);
    const w3c = await api('cleo', 'GET', `${base}/annotations?at=${beforeDelete}&format=w3c`);
    expect(w3c.type).toContain('application/ld+json');
    expect(w3c.body.items[0].target.selector.find((s: { type: string }) => s.type === 'TextQuoteSelector').exact).toBe('committee denied');
    const csv = parse<Record<string, string>>((await api('cleo', 'GET', `${base}/annotations?at=${beforeDelete}&format=csv`)).text, { columns: true });
    expect(csv.map((r) => r.quote)).toContain('committee denied');
    const past = await api('cleo', 'GET', `${base}/history?at=${beforeDelete}`);
    expect(past.body.text).toBe(`Draft. ${report}`);
    const atCreation = await api('cleo', 'GET', `${base}/history?at=${created.body.createdAt}`);
    expect(atCreation.body).toMatchObject({ text: report, annotations: [] });
    expect((await api('cleo', 'GET', `${base}/history?at=yesterday`)).status).toBe(400);
  });

  it('lists what changed between two moments', async () => {
    const { body } = await api('cleo', 'GET', `${base}/history/diff?from=${beforeDelete}&to=${new Date().toISOString()}`);
    expect(body.differences.map((d: { kind: string; annotation: { id: string } }) => [d.kind, d.annotation.id])).toEqual([['removed', 'denial']]);
  });

  it('restores a deleted thread as a change going forward; a commenter may restore only their own comment', async () => {
    const cleoTries = await api('cleo', 'POST', `${base}/history/restore`, { at: beforeDelete, annotationId: 'denial' });
    expect(cleoTries.status).toBe(403);
    const restored = await api('ben', 'POST', `${base}/history/restore`, { at: beforeDelete, annotationId: 'denial' });
    expect(restored.status).toBe(200);
    expect(restored.body.brought).toEqual(['denial']);
    const thread = async () =>
      (await api('cleo', 'GET', `${base}/annotations`)).body.annotations[0].comments as { id: string; body: string; deleted?: boolean }[];
    const now = (await api('cleo', 'GET', `${base}/annotations`)).body.annotations as { id: string; comments: { id: string; body: string }[] }[];
    expect(now.map((a) => [a.id, a.comments.map((c) => c.body)])).toEqual([['denial', ['Denied by whom?', 'The minister, page 4.']]]);
    const latest = (await api('cleo', 'GET', `${base}/activity?limit=1`)).body.entries as { person: { name: string }; via: string; text: string }[];
    expect(latest.map((e) => [e.person.name, e.via, e.text])).toEqual([
      ['Ben Okafor', 'restore', 'restored annotations as they were earlier'],
      ['Ben Okafor', 'restore', 'restored the annotation on “committee denied”'],
    ]);

    // Cleo deletes her comment, and brings it back herself; Ben's is not hers to restore.
    expect(cleoComment.status).toBe(201);
    const [bens, hers] = now[0]!.comments.map((c) => c.id);
    await tick();
    const beforeHers = new Date().toISOString();
    await tick();
    await api('cleo', 'DELETE', `${base}/annotations/denial/comments/${hers}`);
    expect((await thread()).filter((c) => !c.deleted).map((c) => c.body)).toEqual(['Denied by whom?']);
    expect((await api('cleo', 'POST', `${base}/history/restore`, { at: beforeHers, annotationId: 'denial', commentId: bens })).status).toBe(403);
    expect((await api('cleo', 'POST', `${base}/history/restore`, { at: beforeHers, annotationId: 'denial', commentId: hers })).status).toBe(200);
    expect((await thread()).filter((c) => !c.deleted).map((c) => c.body)).toEqual(['Denied by whom?', 'The minister, page 4.']);
  });

  it('says so when the server keeps no history', async () => {
    const off = await startTestServer({ HISTORY: 'off' });
    const doc = await fetch(`${off.url}/api/documents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 't', text: 'x' }),
    });
    const { id: offId } = (await doc.json()) as { id: string };
    const res = await fetch(`${off.url}/api/documents/${offId}/activity`);
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('history_off');
  });
});
