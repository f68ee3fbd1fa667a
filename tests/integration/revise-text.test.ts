// PUT /api/documents/{id}/text: a new version of a report. Someone reading it sees the edits live,
// highlights stay on their characters, and the answer says how the annotations fared.

import { describe, expect, it } from 'vitest';
import { TEST_SECRET, signToken } from '../support/tokens.js';
import { createDocument, startTestServer } from '../support/test-server.js';
import { connectClient, whenSynced, whenText } from '../support/yjs-clients.js';

type ErrorBody = { error: { code: string; message: string } };

const report = 'The committee met in Almaty.\nThe minister denied the claim.\nRefugees were expelled.\n';
const revised = 'The committee met in sunny Almaty.\nRefugees were expelled in March.\n';

async function annotate(base: string, id: string, phrase: string, token?: string): Promise<string> {
  const start = report.indexOf(phrase);
  const res = await fetch(`${base}/api/documents/${id}/annotations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ start, end: start + phrase.length }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { annotation: { id: string } }).annotation.id;
}

describe('a new version of a text (PUT /api/documents/{id}/text)', async () => {
  const server = await startTestServer({ MAX_DOCUMENT_BYTES: '4096' });

  it('applies it as edits: a reader sees the new text live, and every highlight is intact, edited or detached as its characters fared', async () => {
    const id = await createDocument(server.url, report);
    const place = await annotate(server.url, id, 'Almaty');
    const denial = await annotate(server.url, id, 'The minister denied the claim.');
    const expelled = await annotate(server.url, id, 'were expelled.');
    const reader = connectClient(server.url, id);
    await whenSynced(reader);

    const res = await fetch(`${server.url}/api/documents/${id}/text`, { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: revised });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      revision: {
        number: 2,
        createdAt: expect.any(String),
        author: { id: 'anonymous', name: 'Anonymous' },
        sizeBytes: Buffer.byteLength(revised),
        inserted: expect.any(Number),
        deleted: expect.any(Number),
        annotations: { intact: 1, edited: 1, detached: 1 },
      },
    });
    await whenText(reader, revised);

    const listed = (await (await fetch(`${server.url}/api/documents/${id}/annotations`)).json()) as {
      annotations: { id: string; start: number; end: number; quote: string; detached: boolean }[];
    };
    const byId = new Map(listed.annotations.map((a) => [a.id, a]));
    expect(revised.slice(byId.get(place)!.start, byId.get(place)!.end)).toBe('Almaty');
    expect(byId.get(denial)).toMatchObject({ detached: true, quote: 'The minister denied the claim.' });
    expect(byId.get(expelled)).toMatchObject({ detached: false, quote: 'were expelled.' });
    expect(revised.slice(byId.get(expelled)!.start, byId.get(expelled)!.end)).toBe('were expelled in March.');
    reader.destroy();
  });

  it('exports each highlight after a new version with selectors that name one passage: an edited one by the text it covers now, a detached one by its quote alone', async () => {
    const id = await createDocument(server.url, report);
    await annotate(server.url, id, 'The minister denied the claim.');
    await annotate(server.url, id, 'were expelled.');
    const res = await fetch(`${server.url}/api/documents/${id}/text`, { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: revised });
    expect(res.status).toBe(200);
    const page = (await (await fetch(`${server.url}/api/documents/${id}/annotations?format=w3c`)).json()) as {
      items: { 'glossa:madeOn'?: string; target: { selector: { type: string; exact?: string; start?: number; end?: number }[] } }[];
    };
    const [edited, detached] = [...page.items].sort((a, b) => b.target.selector.length - a.target.selector.length);
    const position = edited!.target.selector.find((s) => s.type === 'TextPositionSelector')!;
    const quote = edited!.target.selector.find((s) => s.type === 'TextQuoteSelector')!;
    expect(quote.exact).toBe('were expelled in March.');
    expect(revised.slice(position.start, position.end)).toBe(quote.exact);
    expect(edited!['glossa:madeOn']).toBe('were expelled.');
    expect(detached!.target.selector).toEqual([expect.objectContaining({ type: 'TextQuoteSelector', exact: 'The minister denied the claim.' })]);
  });

  it('lists the versions, newest first, and the document’s size is its newest text’s', async () => {
    const id = await createDocument(server.url, report);
    const put = (text: string) => fetch(`${server.url}/api/documents/${id}/text`, { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: text });
    expect((await put(revised)).status).toBe(200);
    expect((await put(report)).status).toBe(200);
    const listed = (await (await fetch(`${server.url}/api/documents/${id}/revisions`)).json()) as {
      revisions: { number: number; sizeBytes: number; annotations: unknown }[];
    };
    expect(listed.revisions.map((r) => [r.number, r.sizeBytes])).toEqual([
      [3, Buffer.byteLength(report)],
      [2, Buffer.byteLength(revised)],
      [1, Buffer.byteLength(report)],
    ]);
    expect(listed.revisions[2]!.annotations).toBeNull();
    expect(((await (await fetch(`${server.url}/api/documents/${id}?text=false`)).json()) as { sizeBytes: number }).sizeBytes).toBe(Buffer.byteLength(report));
    expect((await fetch(`${server.url}/api/documents/nope/revisions`)).status).toBe(404);
  });

  it('takes the text as JSON {text} or as an uploaded .txt file too', async () => {
    const id = await createDocument(server.url, report);
    const json = await fetch(`${server.url}/api/documents/${id}/text`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: revised }),
    });
    expect(json.status).toBe(200);
    const form = new FormData();
    form.set('file', new File([report], 'report-v3.txt', { type: 'text/plain' }));
    expect((await fetch(`${server.url}/api/documents/${id}/text`, { method: 'PUT', body: form })).status).toBe(200);
    expect(((await (await fetch(`${server.url}/api/documents/${id}`)).json()) as { text: string }).text).toBe(report);
  });

  it('refuses what is not a text it can take, naming why, and changes nothing', async () => {
    const id = await createDocument(server.url, report);
    const put = (body: BodyInit, type?: string) =>
      fetch(`${server.url}/api/documents/${id}/text`, { method: 'PUT', headers: type ? { 'content-type': type } : {}, body });
    const expectError = async (res: Response, status: number, code: string) => {
      expect(res.status).toBe(status);
      expect(((await res.json()) as ErrorBody).error.code).toBe(code);
    };
    await expectError(await put('', 'text/plain'), 400, 'invalid_field');
    await expectError(await put(new Uint8Array([0xff, 0xfe, 0x41]), 'text/plain'), 400, 'invalid_encoding');
    await expectError(await put('x'.repeat(5000), 'text/plain'), 413, 'document_too_large');
    await expectError(await put(JSON.stringify({ text: 7 }), 'application/json'), 400, 'invalid_field');
    await expectError(await put('<p>hi</p>', 'text/html'), 415, 'unsupported_media_type');
    await expectError(
      await fetch(`${server.url}/api/documents/nope/text`, { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: 'x' }),
      404,
      'document_not_found',
    );
    expect(((await (await fetch(`${server.url}/api/documents/${id}`)).json()) as { text: string }).text).toBe(report);
  });
});

describe('who may put a new version (token mode)', async () => {
  const server = await startTestServer({ GLOSSA_SECRET: TEST_SECRET });

  it('an editor may; a commenter may not', async () => {
    const owner = await signToken({ sub: 'u-owner', name: 'Owner', role: 'editor' });
    const id = await createDocument(server.url, report, 'Report', owner);
    const commenter = await signToken({ sub: 'u-carol', name: 'Carol', role: 'commenter' });
    const put = (token: string) =>
      fetch(`${server.url}/api/documents/${id}/text`, {
        method: 'PUT',
        headers: { 'content-type': 'text/plain', authorization: `Bearer ${token}` },
        body: revised,
      });
    expect((await put(commenter)).status).toBe(403);
    expect((await put(owner)).status).toBe(200);
  });
});
