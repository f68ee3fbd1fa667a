// Annotation commands over REST: validation naming the field, 404s, and connected clients seeing results at once.

import { describe, expect, it } from 'vitest';
import { readAnnotations } from '../../shared/model/read-annotations.js';
import { encodeIdentity } from '../../shared/protocol/identity.js';
import { createDocument, startTestServer } from '../support/test-server.js';
import { connectClient, whenDoc, whenSynced } from '../support/yjs-clients.js';

const text = 'The NSC admitted what had been denied. The NSC officials told the press.';
const identity = { id: 'u-ana', name: 'Ana Analyst', color: '#c2255c' };

type Json = Record<string, unknown>;

describe('annotations API', async () => {
  const server = await startTestServer();
  const documentId = await createDocument(server.url, text);
  const base = `${server.url}/api/documents/${documentId}`;

  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-glossa-identity': encodeIdentity(identity), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = res.status === 204 ? null : ((await res.json()) as Json);
    return { status: res.status, json: json as Json & { error: { code: string; message: string } } };
  };

  it('creates an annotation that a connected stock client sees at once, stamped by the server', async () => {
    const client = connectClient(server.url, documentId);
    await whenSynced(client);
    const start = text.indexOf('denied');
    const res = await call('POST', '/annotations', { start, end: start + 6, labels: ['claim'], comment: 'Was it?' });
    expect(res.status).toBe(201);
    const annotation = res.json.annotation as { id: string; quote: string; author: { name: string }; comments: { body: string }[] };
    expect(annotation.quote).toBe('denied');
    expect(annotation.author.name).toBe('Ana Analyst');
    // The response comes after the change is stored and relayed: the client already has it, or gets it now.
    await whenDoc(client.doc, (d) => readAnnotations(d).some((a) => a.id === annotation.id));
    const seen = readAnnotations(client.doc).find((a) => a.id === annotation.id)!;
    expect(seen.labels).toEqual(['claim']);
    expect(seen.comments[0]!.body).toBe('Was it?');
  });

  it('annotates all occurrences of a phrase', async () => {
    const res = await call('POST', '/annotations', { phrase: 'the nsc', labels: ['organisation'] });
    expect(res.status).toBe(201);
    expect((res.json.annotations as { quote: string }[]).map((a) => a.quote)).toEqual(['The NSC', 'The NSC']);
  });

  it('runs a thread: reply, edit, delete, labels, resolve, reopen, delete', async () => {
    const created = await call('POST', '/annotations', { id: 'thread-1', start: 0, end: 7 });
    expect(created.status).toBe(201);
    const reply = await call('POST', '/annotations/thread-1/comments', { id: 'c-1', body: 'Who is **NSC**?' });
    expect(reply.status).toBe(201);
    expect((reply.json.comment as { body: string }).body).toBe('Who is **NSC**?');
    expect((await call('PATCH', '/annotations/thread-1/comments/c-1', { body: 'Edited' })).status).toBe(200);
    expect((await call('DELETE', '/annotations/thread-1/comments/c-1')).status).toBe(204);
    const patched = await call('PATCH', '/annotations/thread-1', { labels: ['organisation', 'question'], status: 'resolved' });
    expect(patched.json.annotation).toMatchObject({ labels: ['organisation', 'question'], status: 'resolved', resolvedBy: { name: 'Ana Analyst' } });
    const got = await call('GET', '/annotations/thread-1');
    expect((got.json.annotation as { comments: { deleted: boolean }[] }).comments[0]!.deleted).toBe(true);
    expect((await call('PATCH', '/annotations/thread-1', { status: 'open' })).json.annotation).toMatchObject({ status: 'open' });
    expect((await call('DELETE', '/annotations/thread-1')).status).toBe(204);
    expect((await call('GET', '/annotations/thread-1')).status).toBe(404);
  });

  it('retrying a create with the same id returns the first result instead of a duplicate', async () => {
    const first = await call('POST', '/annotations', { id: 'retry-1', start: 8, end: 16 });
    const again = await call('POST', '/annotations', { id: 'retry-1', start: 8, end: 16 });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    const list = await call('GET', '/annotations');
    expect((list.json.annotations as { id: string }[]).filter((a) => a.id === 'retry-1')).toHaveLength(1);
    const clash = await call('POST', '/annotations', { id: 'retry-1', start: 20, end: 26 });
    expect(clash.status).toBe(409);
  });

  it('creates and edits labels', async () => {
    const created = await call('POST', '/labels', { id: 'date', name: 'Date', color: '#336699' });
    expect(created.status).toBe(201);
    const edited = await call('PATCH', '/labels/date', { name: 'Date or time' });
    expect(edited.json.label).toMatchObject({ id: 'date', name: 'Date or time', color: '#336699' });
    expect(((await call('GET', '/labels')).json.labels as { id: string }[]).map((l) => l.id)).toContain('date');
  });

  it.each([
    ['POST', '/annotations', { start: 5 }, 'end'],
    ['POST', '/annotations', { start: 5, end: 2 }, 'end'],
    ['POST', '/annotations', { start: -1, end: 2 }, 'start'],
    ['POST', '/annotations', { start: 0, end: 99999 }, 'end'],
    ['POST', '/annotations', { start: 0.5, end: 2 }, 'start'],
    ['POST', '/annotations', { start: 0, end: 3, labels: ['no-such-label'] }, 'labels'],
    ['POST', '/annotations', { start: 0, end: 3, id: 'has spaces' }, 'id'],
    ['POST', '/annotations', { start: 0, end: 3, comment: '   ' }, 'comment'],
    ['POST', '/annotations', { phrase: '' }, 'phrase'],
    ['POST', '/annotations', { phrase: 'not in the text at all' }, 'phrase'],
    ['POST', '/labels', { name: 'X', color: 'red' }, 'color'],
    ['POST', '/labels', { color: '#000000' }, 'name'],
    ['PATCH', '/annotations/retry-1', { status: 'done' }, 'status'],
    ['PATCH', '/annotations/retry-1', { labels: 'claim' }, 'labels'],
    ['POST', '/commands', { type: 'annotation.explode' }, 'type'],
  ])('%s %s %o answers 400 naming %s', async (method, path, body, field) => {
    const res = await call(method, path, body);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('invalid_field');
    expect(res.json.error.message.startsWith(`${field}:`)).toBe(true);
  });

  it.each([
    ['GET', '/annotations/nope', undefined, 'annotation_not_found'],
    ['PATCH', '/annotations/nope', { status: 'resolved' }, 'annotation_not_found'],
    ['DELETE', '/annotations/nope', undefined, 'annotation_not_found'],
    ['POST', '/annotations/nope/comments', { body: 'hi' }, 'annotation_not_found'],
    ['PATCH', '/annotations/retry-1/comments/nope', { body: 'hi' }, 'comment_not_found'],
    ['PATCH', '/labels/nope', { name: 'x' }, 'label_not_found'],
  ])('%s %s answers 404 %s', async (method, path, body, code) => {
    const res = await call(method, path, body);
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe(code);
  });

  it('answers 404 for an unknown document, 415 for non-JSON and 400 for a bad identity', async () => {
    const res = await fetch(`${server.url}/api/documents/missing/annotations`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('document_not_found');
    const plain = await fetch(`${base}/annotations`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' });
    expect(plain.status).toBe(415);
    const bad = await call('GET', '/annotations', undefined, { 'x-glossa-identity': '%7Bnot json' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('invalid_identity');
  });

  it('exports W3C Web Annotations and lists the live annotation count', async () => {
    const res = await fetch(`${base}/annotations?format=w3c`);
    expect(res.headers.get('content-type')).toContain('application/ld+json');
    const page = (await res.json()) as { type: string; items: { target: { selector: { type: string }[] } }[] };
    expect(page.type).toBe('AnnotationPage');
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items[0]!.target.selector.map((s) => s.type)).toEqual(['TextPositionSelector', 'TextQuoteSelector']);
    const list = (await (await fetch(`${server.url}/api/documents`)).json()) as { documents: { id: string; annotationCount: number }[] };
    expect(list.documents.find((d) => d.id === documentId)!.annotationCount).toBe(page.items.length);
  });
});
