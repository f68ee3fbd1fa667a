// Roles × actions over the API and the socket, tokens of every kind, and access changing
// under open sockets. Refused writes are neither stored nor seen by anyone.

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readAnnotations } from '../../shared/model/read-annotations.js';
import { CloseCode } from '../../shared/protocol/close-codes.js';
import { MessageType } from '../../shared/protocol/message-types.js';
import { encodeSyncUpdate } from '../../shared/protocol/messages.js';
import { TEST_SECRET, signToken } from '../support/tokens.js';
import { startTestServer } from '../support/test-server.js';
import { connectClient, rawSocket, whenClosed, whenDoc, whenSynced } from '../support/yjs-clients.js';

const report = 'The committee met in Almaty. The committee denied the claim.';
const people = ['olga', 'vic', 'carl', 'eddie', 'sam'] as const;
type Person = (typeof people)[number];

describe('access control', async () => {
  const server = await startTestServer({ GLOSSA_SECRET: TEST_SECRET });
  const tokens = Object.fromEntries(
    await Promise.all(
      people.map(async (p) => [p, await signToken({ sub: p, name: p[0]!.toUpperCase() + p.slice(1), role: p === 'olga' ? 'editor' : undefined })]),
    ),
  ) as Record<Person, string>;

  const api = async (who: string | null, method: string, path: string, body?: unknown) => {
    const token = who === null ? null : ((tokens as Record<string, string>)[who] ?? who);
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as Record<string, any> };
  };

  // Olga (a global editor) creates the document and so owns it; she shares it with the others.
  const created = await api('olga', 'POST', '/api/documents', { title: 'Shared report', text: report });
  const doc = created.body.id as string;
  await api('olga', 'PUT', `/api/documents/${doc}/access/people/vic`, { role: 'viewer' });
  await api('olga', 'PUT', `/api/documents/${doc}/access/people/carl`, { role: 'commenter' });
  await api('olga', 'PUT', `/api/documents/${doc}/access/people/eddie`, { role: 'editor' });
  const base = `/api/documents/${doc}`;
  const seed = await api('olga', 'POST', `${base}/annotations`, { id: 'seed', start: 4, end: 13, comment: 'by the owner' });
  const ownerComment = seed.body.annotation.comments[0].id as string;

  it('the owner was given ownership of what she created', () => {
    expect(created.status).toBe(201);
    expect(seed.status).toBe(201);
  });

  // [action, minimum role that may do it, how to do it as `who`]
  type Action = [string, (who: Person) => Promise<number>];
  const actions: Action[] = [
    ['read', async (w) => (await api(w, 'GET', base)).status],
    ['annotate', async (w) => (await api(w, 'POST', `${base}/annotations`, { start: 0, end: 3 })).status],
    ['comment', async (w) => (await api(w, 'POST', `${base}/annotations/seed/comments`, { body: `hello from ${w}` })).status],
    [
      'edit own comment',
      async (w) => {
        const own = await api(w, 'POST', `${base}/annotations/seed/comments`, { body: 'mine' });
        if (own.status !== 201) return own.status;
        return (await api(w, 'PATCH', `${base}/annotations/seed/comments/${own.body.comment.id}`, { body: 'mine, edited' })).status;
      },
    ],
    ["edit others' comment", async (w) => (await api(w, 'PATCH', `${base}/annotations/seed/comments/${ownerComment}`, { body: `rewritten by ${w}` })).status],
    ['resolve', async (w) => (await api(w, 'PATCH', `${base}/annotations/seed`, { status: 'resolved' })).status],
    ['change labels', async (w) => (await api(w, 'POST', `${base}/labels`, { name: `Label of ${w}`, color: '#123456' })).status],
    ['share', async (w) => (await api(w, 'PUT', `${base}/access/people/zed`, { role: 'viewer' })).status],
    ['revoke', async (w) => (await api(w, 'DELETE', `${base}/access/people/zed`)).status],
  ];
  const expected: Record<string, Record<Person, number>> = {
    read: { vic: 200, carl: 200, eddie: 200, olga: 200, sam: 404 },
    annotate: { vic: 403, carl: 201, eddie: 201, olga: 201, sam: 404 },
    comment: { vic: 403, carl: 201, eddie: 201, olga: 201, sam: 404 },
    'edit own comment': { vic: 403, carl: 200, eddie: 200, olga: 200, sam: 404 },
    "edit others' comment": { vic: 403, carl: 403, eddie: 200, olga: 200, sam: 404 },
    resolve: { vic: 403, carl: 200, eddie: 200, olga: 200, sam: 404 },
    'change labels': { vic: 403, carl: 403, eddie: 201, olga: 201, sam: 404 },
    share: { vic: 403, carl: 403, eddie: 403, olga: 200, sam: 404 },
  };

  for (const [name, act] of actions) {
    for (const who of ['vic', 'carl', 'eddie', 'olga', 'sam'] as const) {
      const want = name === 'revoke' ? (who === 'olga' ? 204 : who === 'sam' ? 404 : 403) : expected[name]![who];
      it(`over the API, ${who} (${{ vic: 'viewer', carl: 'commenter', eddie: 'editor', olga: 'owner', sam: 'no access' }[who]}) → ${name}: ${want}`, async () => {
        if (name === 'revoke') await api('olga', 'PUT', `${base}/access/people/zed`, { role: 'viewer' });
        expect(await act(who)).toBe(want);
      });
    }
  }

  it('lists only the documents a person may see', async () => {
    await api('olga', 'POST', '/api/documents', { title: 'Private to Olga', text: 'secret plans' });
    const mine = (await api('olga', 'GET', '/api/documents')).body.documents.map((d: { title: string }) => d.title);
    const vics = (await api('vic', 'GET', '/api/documents')).body.documents.map((d: { title: string }) => d.title);
    const sams = (await api('sam', 'GET', '/api/documents')).body.documents;
    expect(mine).toEqual(expect.arrayContaining(['Shared report', 'Private to Olga']));
    expect(vics).toEqual(['Shared report']);
    expect(sams).toEqual([]);
  });

  it('only a global editor or owner may create documents', async () => {
    expect((await api('vic', 'POST', '/api/documents', { title: 'x', text: 'y' })).status).toBe(403);
  });

  describe('over the socket', () => {
    const url = (who: Person) => `?token=${tokens[who]}`;

    /** Sends a hand-made Yjs update (editing the source text) as `who`: the close code, or 'applied' once it is stored. */
    async function rawEdit(who: Person, marker: string): Promise<number | 'applied'> {
      // Built on a replica of the real document, so the insert lands at the start of its text.
      const reader = connectClient(server.url, doc, { params: { token: tokens.olga } });
      await whenSynced(reader);
      const forged = new Y.Doc();
      Y.applyUpdate(forged, Y.encodeStateAsUpdate(reader.doc));
      reader.destroy();
      const before = Y.encodeStateVector(forged);
      forged.getText('source').insert(0, marker);
      forged.getMap('annotations').set(`forged-${who}`, new Y.Map());
      const socket = rawSocket(server.url, doc, `${url(who)}&ack=saved`);
      await socket.first((f) => f[0] === MessageType.Sync);
      socket.ws.send(encodeSyncUpdate(Y.encodeStateAsUpdate(forged, before)));
      // Either the server refuses (a close) or it confirms the update is stored (a Saved message).
      const outcome = await Promise.race([socket.closed.then((c) => c.code), socket.first((f) => f[0] === MessageType.Saved).then(() => 'applied' as const)]);
      socket.ws.close();
      return outcome;
    }

    it('every role reads the live document', async () => {
      for (const who of ['vic', 'carl', 'eddie', 'olga'] as const) {
        const client = connectClient(server.url, doc, { params: { token: tokens[who] } });
        await whenSynced(client);
        expect(client.text.toString()).toContain('The committee met');
        client.destroy();
      }
    });

    it('refuses raw updates from viewers and commenters (4405): not stored, not relayed', async () => {
      const watcher = connectClient(server.url, doc, { params: { token: tokens.olga } });
      await whenSynced(watcher);
      let sawForgery = false;
      watcher.doc.on('update', () => {
        if (
          watcher.text.toString().includes('FORGED') ||
          watcher.doc.getMap('annotations').has('forged-vic') ||
          watcher.doc.getMap('annotations').has('forged-carl')
        )
          sawForgery = true;
      });
      expect(await rawEdit('vic', 'FORGED-by-vic ')).toBe(CloseCode.ReadOnly);
      expect(await rawEdit('carl', 'FORGED-by-carl ')).toBe(CloseCode.ReadOnly);
      const stored = await api('olga', 'GET', base);
      expect(stored.body.text).not.toContain('FORGED');
      const list = await api('olga', 'GET', `${base}/annotations`);
      expect(list.body.annotations.map((a: { id: string }) => a.id)).not.toContain('forged-carl');
      expect(sawForgery).toBe(false);
      watcher.destroy();
    });

    it('lets editors and owners write Yjs updates directly (trusted peers)', async () => {
      expect(await rawEdit('eddie', 'Corrected: ')).toBe('applied');
      expect((await api('olga', 'GET', base)).body.text.startsWith('Corrected: ')).toBe(true);
    });
  });

  describe('tokens', () => {
    it.each([
      ['no token', null, 'missing_token'],
      ['a malformed token', 'not.a.jwt', 'invalid_token'],
      ['a token signed with another secret', 'other', 'invalid_token'],
      ['an expired token', 'expired', 'token_expired'],
    ])('refuses %s: 401 on the API, 4401 on the socket', async (_name, kind, code) => {
      const token =
        kind === 'other'
          ? await signToken({ sub: 'olga', role: 'owner' }, 'another-secret-another-secret-another!')
          : kind === 'expired'
            ? await signToken({ sub: 'olga', role: 'owner', expiresIn: -10 })
            : kind;
      const res = await api(token, 'GET', '/api/documents');
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe(code);
      const socket = rawSocket(server.url, doc, token ? `?token=${token}` : '');
      expect((await socket.closed).code).toBe(CloseCode.Unauthenticated);
    });

    it('a token granting another document opens nothing here', async () => {
      const other = await signToken({ sub: 'tina', grants: { 'some-other-doc': 'editor' } });
      expect((await api(other, 'GET', base)).status).toBe(404);
      const socket = rawSocket(server.url, doc, `?token=${other}`);
      expect((await socket.closed).code).toBe(CloseCode.DocumentNotFound);
    });

    it('ids named like Object.prototype members find nothing: 404, never another answer', async () => {
      const tina = await signToken({ sub: 'tina' });
      for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
        for (const [method, path, body] of [
          ['GET', `/api/documents/${name}`],
          ['DELETE', `/api/documents/${name}`],
          ['GET', `/api/documents/${name}/annotations`],
          ['POST', `/api/documents/${name}/annotations`, { start: 0, end: 3 }],
          ['GET', `${base}/annotations/${name}`],
          ['DELETE', `${base}/annotations/${name}`],
        ] as const) {
          const res = await api(tina, method, path, body);
          expect(res.status, `${method} ${path}`).toBe(404);
          expect(res.body.error.message, `${method} ${path}`).not.toMatch(/native code|function/);
        }
      }
      const owner = await api('olga', 'GET', `${base}/annotations/constructor`);
      expect(owner.status).toBe(404);
      expect(owner.body.error.code).toBe('annotation_not_found');
    });

    it('a token with a grant for this document works without a stored grant', async () => {
      const granted = await signToken({ sub: 'gina', grants: { [doc]: 'commenter' } });
      expect((await api(granted, 'POST', `${base}/annotations/seed/comments`, { body: 'via token grant' })).status).toBe(201);
    });

    it('closes a socket when its token expires during the session', async () => {
      const short = await signToken({ sub: 'eddie', expiresIn: 2 });
      const client = connectClient(server.url, doc, { params: { token: short } });
      await whenSynced(client);
      const closed = await whenClosed(client);
      expect(closed.code).toBe(CloseCode.Unauthenticated);
      expect(closed.reason).toContain('expired');
    });
  });

  describe('access changing under open sockets', () => {
    it('a revocation closes the person’s socket within a second', async () => {
      await api('olga', 'PUT', `${base}/access/people/rita`, { role: 'editor' });
      const rita = await signToken({ sub: 'rita' });
      const client = connectClient(server.url, doc, { params: { token: rita } });
      await whenSynced(client);
      const closed = whenClosed(client);
      const started = Date.now();
      expect((await api('olga', 'DELETE', `${base}/access/people/rita`)).status).toBe(204);
      expect((await closed).code).toBe(CloseCode.Forbidden);
      expect(Date.now() - started).toBeLessThan(1000);
    });

    it('a downgrade to viewer turns later raw writes away', async () => {
      await api('olga', 'PUT', `${base}/access/people/dora`, { role: 'editor' });
      const dora = await signToken({ sub: 'dora' });
      const socket = rawSocket(server.url, doc, `?token=${dora}`);
      await socket.first((f) => f[0] === MessageType.Sync);
      await api('olga', 'PUT', `${base}/access/people/dora`, { role: 'viewer' });
      const forged = new Y.Doc();
      forged.getText('source').insert(0, 'AFTER-DOWNGRADE ');
      socket.ws.send(encodeSyncUpdate(Y.encodeStateAsUpdate(forged)));
      expect((await socket.closed).code).toBe(CloseCode.ReadOnly);
      expect((await api('olga', 'GET', base)).body.text).not.toContain('AFTER-DOWNGRADE');
    });

    it('access from a share link ends on open sockets when the link expires', async () => {
      const link = await api('olga', 'POST', `${base}/access/links`, { role: 'viewer', expiresInSeconds: 3600 });
      const tess = await signToken({ sub: 'tess' });
      await api(tess, 'POST', '/api/share-links/accept', { token: link.body.token });
      // The link's grant, made to end in a moment (links are made for at least a minute).
      const grant = (await server.store.access.getGrant(doc, 'tess'))!;
      await server.store.access.putGrant({ ...grant, expiresAt: new Date(Date.now() + 1500) });
      const client = connectClient(server.url, doc, { params: { token: tess } });
      await whenSynced(client);
      expect((await whenClosed(client)).code).toBe(CloseCode.Forbidden);
      expect((await api(tess, 'GET', base)).status).toBe(404);
    });

    it('share links give their role until revoked, and revoking one closes the sockets it opened', async () => {
      const link = await api('olga', 'POST', `${base}/access/links`, { role: 'commenter', expiresInSeconds: 3600 });
      expect(link.status).toBe(201);
      const lena = await signToken({ sub: 'lena' });
      expect((await api(lena, 'GET', base)).status).toBe(404);
      const accepted = await api(lena, 'POST', '/api/share-links/accept', { token: link.body.token });
      expect(accepted.body).toEqual({ documentId: doc, role: 'commenter' });
      expect((await api(lena, 'POST', `${base}/annotations`, { start: 0, end: 3 })).status).toBe(201);
      expect((await api(lena, 'POST', `${base}/labels`, { name: 'Nope', color: '#000000' })).status).toBe(403);

      const client = connectClient(server.url, doc, { params: { token: lena } });
      await whenSynced(client);
      const closed = whenClosed(client);
      expect((await api('olga', 'DELETE', `${base}/access/links/${link.body.shareLink.id}`)).status).toBe(204);
      expect((await closed).code).toBe(CloseCode.Forbidden);
      expect((await api(lena, 'GET', base)).status).toBe(404);
      expect((await api(lena, 'POST', '/api/share-links/accept', { token: link.body.token })).status).toBe(404);
    });
  });

  it('the server decides who the author is, whatever a client claims', async () => {
    const res = await fetch(`${server.url}${base}/annotations`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${tokens.carl}`,
        'x-glossa-identity': encodeURIComponent(JSON.stringify({ id: 'olga', name: 'Olga', color: '#000000' })),
      },
      body: JSON.stringify({ start: 0, end: 3, author: { id: 'olga', name: 'Olga' } }),
    });
    const body = (await res.json()) as { annotation: { author: { id: string; name: string } } };
    expect(body.annotation.author).toMatchObject({ id: 'carl', name: 'Carl' });
    const client = connectClient(server.url, doc, { params: { token: tokens.vic } });
    await whenSynced(client);
    await whenDoc(client.doc, (d) => readAnnotations(d).some((a) => a.author.id === 'carl'));
  });
});
