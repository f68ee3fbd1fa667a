// Awareness hygiene, per-connection limits, origins and headers, and secrets kept out of logs.

import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { encodeAwarenessEntries } from '../../shared/protocol/awareness-entries.js';
import { CloseCode } from '../../shared/protocol/close-codes.js';
import { MessageType } from '../../shared/protocol/message-types.js';
import { encodeAwarenessMessage, encodeSyncStep1, encodeSyncUpdate } from '../../shared/protocol/messages.js';
import { TEST_SECRET, signToken } from '../support/tokens.js';
import { createDocument, startTestServer, wsUrl } from '../support/test-server.js';
import { connectClient, rawSocket, whenDoc, whenPresence, whenSynced } from '../support/yjs-clients.js';

const text = 'A document under attack.';

const awarenessFrame = (clientId: number, clock: number, state: unknown) =>
  encodeAwarenessMessage(encodeAwarenessEntries([{ clientId, clock, stateJson: JSON.stringify(state) }]));

async function joined(url: string, id: string, query = '') {
  const socket = rawSocket(url, id, query);
  await socket.first((f) => f[0] === MessageType.Sync);
  return socket;
}

describe('awareness hygiene', async () => {
  const server = await startTestServer({ MAX_AWARENESS_BYTES: '512' });
  const id = await createDocument(server.url, text);

  it('a socket cannot change or remove another socket’s presence', async () => {
    const alice = connectClient(server.url, id);
    const bob = connectClient(server.url, id);
    await Promise.all([whenSynced(alice), whenSynced(bob)]);
    alice.provider.awareness.setLocalStateField('user', { name: 'Alice' });
    const aliceId = alice.doc.clientID;
    await whenPresence(bob, aliceId, (state) => !!state?.user);

    const mallory = await joined(server.url, id);
    mallory.ws.send(awarenessFrame(4242, 1, { user: { name: 'Mallory' } }));
    // Pose as Alice with a higher clock, then try to remove her.
    mallory.ws.send(awarenessFrame(aliceId, 999, { user: { name: 'Not Alice' } }));
    mallory.ws.send(awarenessFrame(aliceId, 1000, null));
    // Mallory's own state reaches Bob; her forgeries about Alice do not.
    await whenPresence(bob, 4242, (state) => state !== undefined);
    expect(bob.provider.awareness.getStates().get(aliceId)?.user).toEqual({ name: 'Alice' });
    mallory.ws.close();
  });

  it('caps the size of a presence state (4422)', async () => {
    const socket = await joined(server.url, id);
    socket.ws.send(awarenessFrame(777, 1, { user: { name: 'x'.repeat(600) } }));
    expect((await socket.closed).code).toBe(CloseCode.UpdateRejected);
  });

  it('counts a presence state in UTF-8 bytes: astral characters cannot slip past the cap', async () => {
    const socket = await joined(server.url, id);
    // 200 characters of four bytes: 400 UTF-16 units (under the 512 cap), 800 bytes (over it).
    socket.ws.send(awarenessFrame(779, 1, { user: { name: '😀'.repeat(200) } }));
    expect((await socket.closed).code).toBe(CloseCode.UpdateRejected);
  });

  it('a presence flood of many client ids in one frame is refused before anyone sees it', async () => {
    const bystander = connectClient(server.url, id);
    await whenSynced(bystander);
    const flooder = await joined(server.url, id);
    const entries = Array.from({ length: 1_500 }, (_, i) => ({ clientId: 900_000 + i, clock: 1, stateJson: JSON.stringify({ user: { name: `bot ${i}` } }) }));
    flooder.ws.send(encodeAwarenessMessage(encodeAwarenessEntries(entries)));
    const closed = await flooder.closed;
    expect(closed.code).toBe(CloseCode.RateLimited);
    expect(closed.reason).toContain('client ids');
    // The bystander is still served, and saw none of the flood.
    const again = connectClient(server.url, id);
    await whenSynced(again);
    expect([...bystander.provider.awareness.getStates().keys()].filter((k) => k >= 900_000 && k < 901_500)).toEqual([]);
  });

  it('a socket may own a few presence ids (a page that re-created its document), not more', async () => {
    const socket = await joined(server.url, id);
    for (let i = 0; i < 4; i++) socket.ws.send(awarenessFrame(880_000 + i, 1, { user: { name: `tab ${i}` } }));
    socket.ws.send(awarenessFrame(880_010, 1, { user: { name: 'one too many' } }));
    expect((await socket.closed).code).toBe(CloseCode.RateLimited);
  });

  it('a presence colour that is not #rrggbb never reaches anyone (it would be CSS in every viewer’s page)', async () => {
    const viewer = connectClient(server.url, id);
    await whenSynced(viewer);
    const socket = await joined(server.url, id);
    socket.ws.send(awarenessFrame(881_000, 1, { user: { name: 'Eve', color: 'red; background-image: url(http://evil.example/x)' } }));
    await whenPresence(viewer, 881_000, (state) => state !== undefined);
    expect(viewer.provider.awareness.getStates().get(881_000)?.user).toEqual({ name: 'Eve' });
  });

  it('a burst of presence updates is thinned, not punished; one kept up for seconds is closed with 1013 (try again later)', async () => {
    const watcher = connectClient(server.url, id);
    await whenSynced(watcher);
    const socket = await joined(server.url, id);
    for (let clock = 1; clock <= 40; clock++) socket.ws.send(awarenessFrame(778, clock, { cursor: clock }));
    // The burst is dropped past the budget, the socket stays: its next update a second later arrives.
    await whenPresence(watcher, 778, (state) => typeof state?.cursor === 'number' && state.cursor >= 30);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    socket.ws.send(awarenessFrame(778, 41, { cursor: 41 }));
    await whenPresence(watcher, 778, (state) => state?.cursor === 41);
    expect(socket.ws.readyState).toBe(WebSocket.OPEN);

    // Kept up: ten a tick, ten ticks a second, until the server has had enough.
    let clock = 100;
    const flood = setInterval(() => {
      for (let i = 0; i < 10; i++) socket.ws.send(awarenessFrame(778, ++clock, { cursor: clock }));
    }, 100);
    const closed = await socket.closed.finally(() => clearInterval(flood));
    expect(closed.code).toBe(CloseCode.TryAgainLater);
    expect(closed.reason).toContain('awareness');
  });

  it('echoes of other people’s presence never count against a socket (a stock client re-sends all it hears)', async () => {
    const alice = connectClient(server.url, id);
    await whenSynced(alice);
    alice.provider.awareness.setLocalStateField('user', { name: 'Alice' });
    const echoer = await joined(server.url, id);
    echoer.ws.send(awarenessFrame(779_001, 1, { user: { name: 'Echo' } }));
    for (let clock = 1; clock <= 200; clock++) echoer.ws.send(awarenessFrame(alice.doc.clientID, clock, { user: { name: 'Alice' } }));
    // Its own update after the echoes still gets through, and the socket is still open.
    echoer.ws.send(awarenessFrame(779_001, 2, { user: { name: 'Echo again' } }));
    await whenPresence(alice, 779_001, (state) => (state?.user as { name?: string } | undefined)?.name === 'Echo again');
    expect(echoer.ws.readyState).toBe(WebSocket.OPEN);
  });

  it('shows verified names, not claimed ones', async () => {
    const secured = await startTestServer({ GLOSSA_SECRET: TEST_SECRET });
    const token = await signToken({ sub: 'u-1', name: 'Verified Vera', color: '#2f9e44', role: 'owner' });
    const docId = await createDocument(secured.url, text, 't', token);
    const vera = connectClient(secured.url, docId, { params: { token } });
    const other = connectClient(secured.url, docId, { params: { token } });
    await Promise.all([whenSynced(vera), whenSynced(other)]);
    vera.provider.awareness.setLocalStateField('user', { id: 'boss', name: 'The Boss', color: '#000000' });
    await whenPresence(other, vera.doc.clientID, (state) => !!state?.user);
    expect(other.provider.awareness.getStates().get(vera.doc.clientID)?.user).toEqual({ id: 'u-1', name: 'Verified Vera', color: '#2f9e44' });
  });

  it('hides viewers’ presence when configured to', async () => {
    const secured = await startTestServer({ GLOSSA_SECRET: TEST_SECRET, VIEWER_PRESENCE: 'hide' });
    const owner = await signToken({ sub: 'own', role: 'owner' });
    const viewer = await signToken({ sub: 'peek', role: 'viewer' });
    const docId = await createDocument(secured.url, text, 't', owner);
    const watcher = connectClient(secured.url, docId, { params: { token: owner } });
    const peeker = connectClient(secured.url, docId, { params: { token: viewer } });
    await Promise.all([whenSynced(watcher), whenSynced(peeker)]);
    peeker.provider.awareness.setLocalStateField('user', { name: 'peek' });
    watcher.provider.awareness.setLocalStateField('user', { name: 'owner' });
    // The viewer sees the owner; the owner never sees the viewer.
    await whenPresence(peeker, watcher.doc.clientID, (state) => !!state?.user);
    expect(watcher.provider.awareness.getStates().has(peeker.doc.clientID)).toBe(false);
  });
});

describe('per-connection limits', () => {
  it('paces a connection over its messages per second: every message is handled, in order, and the socket stays', async () => {
    const server = await startTestServer({ MAX_MESSAGES_PER_SECOND: '50' });
    const id = await createDocument(server.url, text);
    const socket = await joined(server.url, id);
    const before = socket.received.length;
    const vector = Y.encodeStateVector(new Y.Doc());
    for (let i = 0; i < 80; i++) socket.ws.send(encodeSyncStep1(vector));
    // Each sync step 1 is answered with a step 2: 80 answers, the last ones once the budget refilled.
    const answers = () => socket.received.slice(before).filter((f) => f[0] === MessageType.Sync && f[1] === 1).length;
    await socket.first(() => answers() >= 80);
    expect(answers()).toBe(80);
    expect(socket.ws.readyState).toBe(WebSocket.OPEN);
  });

  it('paces a burst over the byte budget instead of refusing it: every update is stored', async () => {
    const server = await startTestServer({ MAX_BYTES_PER_SECOND: '4096' });
    const id = await createDocument(server.url, text);
    const writer = connectClient(server.url, id, { savedAck: true });
    await whenSynced(writer);
    // 3 × ~3 KB: over the 4 KiB a second, so the last waits for the budget.
    for (let i = 0; i < 3; i++) writer.doc.getMap('entries').set(`e${i}`, 'y'.repeat(3000));
    await writer.saved!.whenSaved();
    const reader = connectClient(server.url, id);
    await whenDoc(reader.doc, (d) => d.getMap('entries').size === 3);
    expect(writer.provider.wsconnected).toBe(true);
  });

  it('a stock client writing 15,000 transactions at once (an import script) loses none of them', async () => {
    const server = await startTestServer();
    const id = await createDocument(server.url, text);
    const bulk = connectClient(server.url, id, { savedAck: true });
    await whenSynced(bulk);
    const closes: number[] = [];
    bulk.provider.on('connection-close', (event: { code: number } | null) => event && closes.push(event.code));
    const entries = bulk.doc.getMap('entries');
    // One transaction each: 15,000 messages, three times the default 5,000 a second.
    for (let i = 0; i < 15_000; i++) entries.set(`k${i}`, i);
    await bulk.saved!.whenSaved();
    const reader = connectClient(server.url, id);
    await whenDoc(reader.doc, (d) => d.getMap('entries').size === 15_000);
    expect(closes).toEqual([]);
  });

  it('answers a few presence queries a second, not a flood of them (each answer carries the whole room)', async () => {
    const server = await startTestServer();
    const id = await createDocument(server.url, text);
    const socket = await joined(server.url, id);
    const before = socket.received.length;
    for (let i = 0; i < 50; i++) socket.ws.send(new Uint8Array([MessageType.QueryAwareness]));
    // A sync round trip after the queries: everything before it has been handled.
    socket.ws.send(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())));
    await socket.first((f) => socket.received.indexOf(f) >= before && f[0] === MessageType.Sync && f[1] === 1);
    const answered = socket.received.slice(before).filter((f) => f[0] === MessageType.Awareness).length;
    expect(answered).toBeGreaterThan(0);
    expect(answered).toBeLessThanOrEqual(10);
    expect(socket.ws.readyState).toBe(WebSocket.OPEN);
  });

  it('a connection that stays over its rate for seconds despite pacing is closed with 1013, which a stock client retries', async () => {
    const server = await startTestServer({ MAX_MESSAGES_PER_SECOND: '20' });
    const id = await createDocument(server.url, text);
    const socket = await joined(server.url, id);
    const flood = setInterval(() => {
      for (let i = 0; i < 10; i++) socket.ws.send(new Uint8Array([MessageType.QueryAwareness]));
    }, 100);
    const closed = await socket.closed.finally(() => clearInterval(flood));
    expect(closed.code).toBe(CloseCode.TryAgainLater);
    expect(closed.reason).toContain('messages');
  });

  it('one person’s sockets share one rate: a flood spread over four sockets, each under the limit, is paced and then closed as one', async () => {
    const server = await startTestServer({ GLOSSA_SECRET: TEST_SECRET, MAX_MESSAGES_PER_SECOND: '20' });
    const token = await signToken({ sub: 'spreader', role: 'owner' });
    const id = await createDocument(server.url, text, 't', token);
    const sockets = await Promise.all([0, 1, 2, 3].map(() => joined(server.url, id, `?token=${token}`)));
    // 10 a second each: every socket is well under 20, the person is at twice it.
    const flood = setInterval(() => sockets.forEach((socket) => socket.ws.send(new Uint8Array([MessageType.QueryAwareness]))), 100);
    const closed = await Promise.all(sockets.map((socket) => socket.closed)).finally(() => clearInterval(flood));
    expect(closed.map((c) => c.code)).toEqual(Array(4).fill(CloseCode.TryAgainLater));
  });

  it('caps the documents and the text one person may create (429 quota_exceeded), each person on their own', async () => {
    const server = await startTestServer({ GLOSSA_SECRET: TEST_SECRET, MAX_DOCUMENTS_PER_PERSON: '2', MAX_SOURCE_BYTES_PER_PERSON: '2048' });
    const ann = await signToken({ sub: 'ann', role: 'editor' });
    const bob = await signToken({ sub: 'bob', role: 'editor' });
    const create = async (token: string, text: string) => {
      const res = await fetch(`${server.url}/api/documents`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ title: 't', text }),
      });
      return { status: res.status, body: (await res.json()) as { id?: string; error?: { code: string; message: string } } };
    };
    const first = await create(ann, 'a'.repeat(1500));
    expect(first.status).toBe(201);
    // Past the bytes one person's documents may hold.
    const big = await create(ann, 'b'.repeat(1000));
    expect(big.status).toBe(429);
    expect(big.body.error).toMatchObject({ code: 'quota_exceeded' });
    expect(big.body.error!.message).toContain('2048');
    expect((await create(ann, 'small')).status).toBe(201);
    const third = await create(ann, 'small');
    expect(third.status).toBe(429);
    expect(third.body.error!.message).toContain('at most 2');
    // Someone else is not counted against Ann, and deleting makes room again.
    expect((await create(bob, 'small')).status).toBe(201);
    await fetch(`${server.url}/api/documents/${first.body.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${ann}` } });
    expect((await create(ann, 'small')).status).toBe(201);
  });

  it('a new version that would take its creator past the text they may hold is refused (429), whoever puts it; a smaller one is taken', async () => {
    const server = await startTestServer({ GLOSSA_SECRET: TEST_SECRET, MAX_SOURCE_BYTES_PER_PERSON: '2048' });
    const ann = await signToken({ sub: 'ann', role: 'editor' });
    const editor = await signToken({ sub: 'eve', role: 'editor' });
    const id = await createDocument(server.url, 'a'.repeat(1500), 'Ann’s', ann);
    const put = (token: string, text: string) =>
      fetch(`${server.url}/api/documents/${id}/text`, {
        method: 'PUT',
        headers: { 'content-type': 'text/plain', authorization: `Bearer ${token}` },
        body: text,
      });
    const grown = await put(editor, 'a'.repeat(2100));
    expect(grown.status).toBe(429);
    expect(((await grown.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'quota_exceeded',
      message: expect.stringContaining('2048'),
    });
    expect((await put(ann, 'a'.repeat(2000))).status).toBe(200);
    expect((await put(editor, 'a'.repeat(100))).status).toBe(200);
    // The bytes freed count again for Ann's next document.
    const res = await fetch(`${server.url}/api/documents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ann}` },
      body: JSON.stringify({ title: 't', text: 'c'.repeat(1900) }),
    });
    expect(res.status).toBe(201);
  });

  it('refuses more connections per person than allowed (4429)', async () => {
    const server = await startTestServer({ GLOSSA_SECRET: TEST_SECRET, MAX_CONNECTIONS_PER_PERSON: '2' });
    const token = await signToken({ sub: 'greedy', role: 'owner' });
    const id = await createDocument(server.url, text, 't', token);
    await joined(server.url, id, `?token=${token}`);
    await joined(server.url, id, `?token=${token}`);
    const third = rawSocket(server.url, id, `?token=${token}`);
    expect((await third.closed).code).toBe(CloseCode.RateLimited);
  });

  it('refuses updates that would grow a document past the maximum (4413), and commands too', async () => {
    const server = await startTestServer({ MAX_DOCUMENT_STATE_BYTES: '2048' });
    const id = await createDocument(server.url, text);
    const socket = await joined(server.url, id);
    const doc = new Y.Doc();
    doc.getText('source').insert(0, 'z'.repeat(3000));
    socket.ws.send(encodeSyncUpdate(Y.encodeStateAsUpdate(doc)));
    expect((await socket.closed).code).toBe(CloseCode.DocumentTooLarge);
    expect(((await (await fetch(`${server.url}/api/documents/${id}`)).json()) as { text: string }).text).toBe(text);
  });
});

describe('origins, headers and logs', async () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const server = await startTestServer(
    { GLOSSA_SECRET: TEST_SECRET, ALLOWED_ORIGINS: 'https://intranet.example.org', FRAME_ANCESTORS: "'self' https://intranet.example.org" },
    { log: pino({ level: 'trace' }, sink) },
  );
  const token = await signToken({ sub: 'ola', role: 'owner' });
  const id = await createDocument(server.url, text, 't', token);

  it('lets allowed origins open sockets and refuses others', async () => {
    const attempt = (origin: string) =>
      new Promise<number | 'open'>((resolve) => {
        const ws = new WebSocket(`${wsUrl(server.url)}/collab/${id}?token=${token}`, { origin });
        ws.once('open', () => {
          ws.close();
          resolve('open');
        });
        ws.once('unexpected-response', (_req, response) => resolve(response.statusCode ?? 0));
        ws.once('error', () => undefined);
      });
    expect(await attempt('https://intranet.example.org')).toBe('open');
    expect(await attempt('https://evil.example.com')).toBe(403);
  });

  it('answers CORS only for allowed origins', async () => {
    const preflight = (origin: string) =>
      fetch(`${server.url}/api/documents`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
      });
    expect((await preflight('https://intranet.example.org')).headers.get('access-control-allow-origin')).toBe('https://intranet.example.org');
    expect((await preflight('https://evil.example.com')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('sends secure headers with the configured frame-ancestors', async () => {
    const page = await fetch(`${server.url}/`);
    // The rest of the page's policy: tests/integration/content-policy.test.ts.
    expect(page.headers.get('content-security-policy')).toContain("; frame-ancestors 'self' https://intranet.example.org");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('never writes a token or the secret to the log', async () => {
    const expired = await signToken({ sub: 'ola', expiresIn: -5 });
    await fetch(`${server.url}/api/documents`, { headers: { authorization: `Bearer ${expired}` } });
    const bad = rawSocket(server.url, id, `?token=${expired}`);
    await bad.closed;
    const ok = rawSocket(server.url, id, `?token=${token}`);
    await ok.first((f) => f[0] === MessageType.Sync);
    ok.ws.send(new Uint8Array([99]));
    await ok.closed;
    const log = lines.join('');
    // Each refusal left a line saying what happened…
    expect(log).toContain('"code":4401');
    expect(log).toContain('"code":4415');
    expect(log).not.toContain(token);
    expect(log).not.toContain(expired);
    expect(log).not.toContain(TEST_SECRET);
  });
});

// Keeps the awareness import in use for readers: the protocol's own encoder agrees with ours.
it('our awareness entry codec matches y-protocols', () => {
  const doc = new Y.Doc();
  const awareness = new awarenessProtocol.Awareness(doc);
  awareness.setLocalState({ user: { name: 'A' } });
  const theirs = awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]);
  const ours = encodeAwarenessEntries([
    { clientId: doc.clientID, clock: awareness.meta.get(doc.clientID)!.clock, stateJson: JSON.stringify({ user: { name: 'A' } }) },
  ]);
  expect(ours).toEqual(theirs);
  awareness.destroy();
});

describe('open mode', () => {
  it('has no per-person cap: everyone is "anonymous", and a team of 25 must all get in', async () => {
    const server = await startTestServer({ MAX_CONNECTIONS_PER_PERSON: '20' });
    const id = await createDocument(server.url, text);
    const clients = Array.from({ length: 25 }, () => connectClient(server.url, id));
    await Promise.all(clients.map(whenSynced));
    for (const c of clients) c.destroy();
  });
});
