// The documents REST API over real HTTP: every documented status, and JSON errors throughout.

import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../../server/storage/sqlite/sqlite-store.js';
import { tempDir } from '../support/temp-dir.js';
import { startTestServer } from '../support/test-server.js';

type ErrorBody = { error: { code: string; message: string } };

async function post(url: string, body: BodyInit, contentType?: string): Promise<Response> {
  return fetch(`${url}/api/documents`, {
    method: 'POST',
    headers: contentType ? { 'content-type': contentType } : {},
    body,
  });
}

async function expectError(res: Response, status: number, code: string, mentions?: string): Promise<void> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/json');
  const body = (await res.json()) as ErrorBody;
  expect(body.error.code).toBe(code);
  if (mentions) expect(body.error.message).toContain(mentions);
}

describe('documents API', async () => {
  const server = await startTestServer({ MAX_DOCUMENT_BYTES: '1000' });

  it('creates, lists, reads and deletes a document', async () => {
    const text = 'Revenue “grew” 12 % — see annex 🧾.';
    const created = await post(server.url, JSON.stringify({ title: 'Q3 report', text }), 'application/json');
    expect(created.status).toBe(201);
    const doc = (await created.json()) as { id: string; title: string; createdAt: string; updatedAt: string; sizeBytes: number };
    expect(doc.title).toBe('Q3 report');
    expect(doc.sizeBytes).toBe(Buffer.byteLength(text));
    expect(new Date(doc.createdAt).getTime()).not.toBeNaN();
    expect(created.headers.get('location')).toBe(`/api/documents/${doc.id}`);

    const list = (await (await fetch(`${server.url}/api/documents`)).json()) as { documents: { id: string }[] };
    expect(list.documents.map((d) => d.id)).toContain(doc.id);

    const one = (await (await fetch(`${server.url}/api/documents/${doc.id}`)).json()) as { text: string; title: string };
    expect(one.text).toBe(text);
    expect(one.title).toBe('Q3 report');
    const meta = (await (await fetch(`${server.url}/api/documents/${doc.id}?text=false`)).json()) as { text?: string; title: string };
    expect(meta).toMatchObject({ title: 'Q3 report' });
    expect(meta.text).toBeUndefined();

    expect((await fetch(`${server.url}/api/documents/${doc.id}`, { method: 'DELETE' })).status).toBe(204);
    await expectError(await fetch(`${server.url}/api/documents/${doc.id}`), 404, 'document_not_found', doc.id);
    await expectError(await fetch(`${server.url}/api/documents/${doc.id}`, { method: 'DELETE' }), 404, 'document_not_found');
  });

  it('accepts a .txt or .md upload, titled by the file name unless given', async () => {
    const form = new FormData();
    form.set('file', new File(['# Notes\nSome *markdown*.'], 'field-notes.md', { type: 'text/markdown' }));
    const res = await fetch(`${server.url}/api/documents`, { method: 'POST', body: form });
    expect(res.status).toBe(201);
    const doc = (await res.json()) as { id: string; title: string };
    expect(doc.title).toBe('field-notes');
    const one = (await (await fetch(`${server.url}/api/documents/${doc.id}`)).json()) as { text: string };
    expect(one.text).toBe('# Notes\nSome *markdown*.');

    const titled = new FormData();
    titled.set('title', 'Given title');
    titled.set('file', new File(['plain'], 'x.txt', { type: 'text/plain' }));
    const res2 = await fetch(`${server.url}/api/documents`, { method: 'POST', body: titled });
    expect(((await res2.json()) as { title: string }).title).toBe('Given title');
  });

  it('answers malformed JSON with 400', async () => {
    await expectError(await post(server.url, '{"title": "x", ', 'application/json'), 400, 'invalid_json');
  });

  it('names the bad field in a 400', async () => {
    await expectError(await post(server.url, JSON.stringify({ text: 'abc' }), 'application/json'), 400, 'invalid_field', 'title');
    await expectError(await post(server.url, JSON.stringify({ title: 'x', text: 42 }), 'application/json'), 400, 'invalid_field', 'text');
    await expectError(await post(server.url, JSON.stringify({ title: '   ', text: 'abc' }), 'application/json'), 400, 'invalid_field', 'title');
    await expectError(await post(server.url, JSON.stringify({ title: 'x', text: '' }), 'application/json'), 400, 'invalid_field', 'text');
    await expectError(await post(server.url, JSON.stringify(['not', 'an', 'object']), 'application/json'), 400, 'invalid_field');
  });

  it('refuses texts over the limit with 413, by JSON or upload', async () => {
    await expectError(await post(server.url, JSON.stringify({ title: 'big', text: 'x'.repeat(1001) }), 'application/json'), 413, 'document_too_large', '1000');
    // 400 three-byte characters: 1200 bytes of UTF-8, though only 400 characters.
    await expectError(await post(server.url, JSON.stringify({ title: 'big', text: '€'.repeat(400) }), 'application/json'), 413, 'document_too_large');
    const form = new FormData();
    form.set('file', new File(['y'.repeat(1001)], 'big.txt', { type: 'text/plain' }));
    await expectError(await fetch(`${server.url}/api/documents`, { method: 'POST', body: form }), 413, 'document_too_large');
    // A body far past the limit is cut off before it is read whole.
    await expectError(await post(server.url, JSON.stringify({ title: 'huge', text: 'z'.repeat(100_000) }), 'application/json'), 413, 'document_too_large');
  });

  it('refuses other media types with 415', async () => {
    await expectError(await post(server.url, 'title=x&text=y', 'application/x-www-form-urlencoded'), 415, 'unsupported_media_type');
    await expectError(await post(server.url, 'plain text', 'text/plain'), 415, 'unsupported_media_type');
    const form = new FormData();
    form.set('file', new File([new Uint8Array([0x50, 0x4b, 0x03, 0x04])], 'report.odt', { type: 'application/vnd.oasis.opendocument.text' }));
    await expectError(await fetch(`${server.url}/api/documents`, { method: 'POST', body: form }), 415, 'unsupported_media_type', 'report.odt');
  });

  it('refuses an upload that is not UTF-8 with 400', async () => {
    const form = new FormData();
    form.set('file', new File([new Uint8Array([0x66, 0xff, 0xfe, 0x66])], 'latin1.txt', { type: 'text/plain' }));
    await expectError(await fetch(`${server.url}/api/documents`, { method: 'POST', body: form }), 400, 'invalid_encoding');
    const missing = new FormData();
    missing.set('title', 'no file');
    await expectError(await fetch(`${server.url}/api/documents`, { method: 'POST', body: missing }), 400, 'invalid_field', 'file');
  });

  it('answers unknown routes and plain GETs of the socket endpoint with JSON errors', async () => {
    await expectError(await fetch(`${server.url}/api/nothing-here`), 404, 'not_found');
    await expectError(await fetch(`${server.url}/collab/some-id`), 426, 'upgrade_required');
  });

  it('reports health while the store answers', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('still serves after every kind of refused request', async () => {
    const res = await post(server.url, JSON.stringify({ title: 'after', text: 'errors' }), 'application/json');
    expect(res.status).toBe(201);
  });
});

describe('health', () => {
  it('turns 503 when the store stops answering', async () => {
    const dir = tempDir();
    const store = new SqliteStore(`${dir}/glossa.db`);
    const failing = Object.create(store) as SqliteStore;
    failing.ping = () => Promise.reject(new Error('database is locked'));
    const server = await startTestServer({ DATABASE_URL: `${dir}/glossa.db` }, { store: failing });
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(503);
    expect(((await res.json()) as ErrorBody).error.code).toBe('store_unavailable');
  });
});
