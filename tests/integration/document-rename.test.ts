// PATCH /api/documents/{id} {title}, and the caller's role on every document in the list and on
// the document itself, in open mode (everyone owns everything) and in token mode.

import { describe, expect, it } from 'vitest';
import { TEST_SECRET, signToken } from '../support/tokens.js';
import { createDocument, startTestServer } from '../support/test-server.js';

type ErrorBody = { error: { code: string; message: string } };

async function patch(url: string, body: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'PATCH', headers: { 'content-type': 'application/json', ...headers }, body });
}

async function expectError(res: Response, status: number, code: string, mentions?: string): Promise<void> {
  expect(res.status).toBe(status);
  const body = (await res.json()) as ErrorBody;
  expect(body.error.code).toBe(code);
  if (mentions) expect(body.error.message).toContain(mentions);
}

describe('renaming documents (open mode)', async () => {
  const server = await startTestServer();
  const id = await createDocument(server.url, 'Some text to annotate.', 'Draft');
  const url = `${server.url}/api/documents/${id}`;

  it('renames, trimmed, and the list and the document show the new title with the role', async () => {
    const res = await patch(url, JSON.stringify({ title: '  Final report “Q3”  ' }));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id, title: 'Final report “Q3”', role: 'owner', openThreads: 0 });
    const list = (await (await fetch(`${server.url}/api/documents`)).json()) as {
      documents: { id: string; title: string; role: string }[];
      canCreate: boolean;
    };
    expect(list.documents.find((d) => d.id === id)).toMatchObject({ title: 'Final report “Q3”', role: 'owner' });
    expect(list.canCreate).toBe(true);
    expect(await (await fetch(url)).json()).toMatchObject({ title: 'Final report “Q3”', role: 'owner', text: 'Some text to annotate.' });
  });

  it('accepts 200 characters and refuses 201, blank, missing or non-string titles naming the field', async () => {
    expect((await patch(url, JSON.stringify({ title: 'x'.repeat(200) }))).status).toBe(200);
    await expectError(await patch(url, JSON.stringify({ title: 'x'.repeat(201) })), 400, 'invalid_field', 'title');
    await expectError(await patch(url, JSON.stringify({ title: '   ' })), 400, 'invalid_field', 'title');
    await expectError(await patch(url, JSON.stringify({})), 400, 'invalid_field', 'title');
    await expectError(await patch(url, JSON.stringify({ title: 7 })), 400, 'invalid_field', 'title');
    await expectError(await patch(url, '{"title": '), 400, 'invalid_json');
    await expectError(await patch(url, '["title"]'), 400, 'invalid_field');
    await expectError(await fetch(url, { method: 'PATCH', headers: { 'content-type': 'text/plain' }, body: 'title' }), 415, 'unsupported_media_type');
  });

  it('answers 404 for an unknown document', async () => {
    await expectError(await patch(`${server.url}/api/documents/no-such-doc`, JSON.stringify({ title: 'x' })), 404, 'document_not_found');
  });
});

describe('renaming documents and roles (token mode)', async () => {
  const server = await startTestServer({ GLOSSA_SECRET: TEST_SECRET });
  const tokens = {
    olga: await signToken({ sub: 'olga', role: 'editor' }),
    eddie: await signToken({ sub: 'eddie' }),
    carl: await signToken({ sub: 'carl' }),
    vic: await signToken({ sub: 'vic' }),
    sam: await signToken({ sub: 'sam' }),
  };
  const auth = (who: keyof typeof tokens) => ({ authorization: `Bearer ${tokens[who]}` });
  const id = await createDocument(server.url, 'Shared text.', 'Shared', tokens.olga);
  const other = await createDocument(server.url, 'Olga only.', 'Private', tokens.olga);
  const url = `${server.url}/api/documents/${id}`;
  for (const [who, role] of [
    ['eddie', 'editor'],
    ['carl', 'commenter'],
    ['vic', 'viewer'],
  ] as const) {
    const res = await fetch(`${url}/access/people/${who}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...auth('olga') },
      body: JSON.stringify({ role }),
    });
    expect(res.status).toBe(200);
  }

  it("gives each person's role on each listed document, and lists only what they may see", async () => {
    const roles = async (who: keyof typeof tokens) => {
      const body = (await (await fetch(`${server.url}/api/documents`, { headers: auth(who) })).json()) as { documents: { id: string; role: string }[] };
      return Object.fromEntries(body.documents.map((d) => [d.id, d.role]));
    };
    // Olga owns what she created; her global editor role lets her see everything.
    expect(await roles('olga')).toEqual({ [id]: 'owner', [other]: 'owner' });
    expect(await roles('eddie')).toEqual({ [id]: 'editor' });
    expect(await roles('carl')).toEqual({ [id]: 'commenter' });
    expect(await roles('vic')).toEqual({ [id]: 'viewer' });
    expect(await roles('sam')).toEqual({});
    const canCreate = async (who: keyof typeof tokens) =>
      ((await (await fetch(`${server.url}/api/documents`, { headers: auth(who) })).json()) as { canCreate: boolean }).canCreate;
    expect(await canCreate('olga')).toBe(true);
    expect(await canCreate('eddie')).toBe(false);
    expect(await (await fetch(`${url}?text=false`, { headers: auth('carl') })).json()).toMatchObject({ role: 'commenter' });
  });

  it('editors and owners rename; commenters and viewers get 403; others 404', async () => {
    expect((await patch(url, JSON.stringify({ title: 'By Eddie' }), auth('eddie'))).status).toBe(200);
    const res = await patch(url, JSON.stringify({ title: 'By Olga' }), auth('olga'));
    expect(await res.json()).toMatchObject({ title: 'By Olga', role: 'owner' });
    await expectError(await patch(url, JSON.stringify({ title: 'By Carl' }), auth('carl')), 403, 'forbidden');
    await expectError(await patch(url, JSON.stringify({ title: 'By Vic' }), auth('vic')), 403, 'forbidden');
    await expectError(await patch(url, JSON.stringify({ title: 'By Sam' }), auth('sam')), 404, 'document_not_found');
    await expectError(await patch(url, JSON.stringify({ title: 'Nobody' })), 401, 'missing_token');
    expect(((await (await fetch(`${url}?text=false`, { headers: auth('vic') })).json()) as { title: string }).title).toBe('By Olga');
  });

  it('a share link gives its role in the list, and stops giving it once revoked', async () => {
    const created = await fetch(`${url}/access/links`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth('olga') },
      body: JSON.stringify({ role: 'editor', expiresInSeconds: 3600 }),
    });
    const { shareLink, token } = (await created.json()) as { shareLink: { id: string }; token: string };
    const accepted = await fetch(`${server.url}/api/share-links/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth('sam') },
      body: JSON.stringify({ token }),
    });
    expect(await accepted.json()).toEqual({ documentId: id, role: 'editor' });
    const samSees = async () =>
      ((await (await fetch(`${server.url}/api/documents`, { headers: auth('sam') })).json()) as { documents: { id: string; role: string }[] }).documents;
    expect(await samSees()).toEqual([expect.objectContaining({ id, role: 'editor' })]);
    expect((await patch(url, JSON.stringify({ title: 'By Sam' }), auth('sam'))).status).toBe(200);
    expect((await fetch(`${url}/access/links/${shareLink.id}`, { method: 'DELETE', headers: auth('olga') })).status).toBe(204);
    expect(await samSees()).toEqual([]);
  });
});
