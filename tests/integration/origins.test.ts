// Which browser pages may use a server (issue 24, item 5). Open mode has no tokens, so a page on any
// site that the person visits could otherwise read, change and delete everything on their local
// server: only the server's own pages and listed origins get in, and a Host that is not one of the
// server's names (DNS rebinding) is refused. Token mode is as it was. Real servers on port 0, with
// requests shaped as a browser sends them (Origin, Host), by node:http so Host can be set.

import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { RunningServer } from '../../server/server.js';
import { cleanUp } from '../support/clean-up.js';
import { TEST_SECRET, signToken } from '../support/tokens.js';
import { tempDir } from '../support/temp-dir.js';
import { SERVER_ENTRY, createDocument, startTestServer, wsUrl } from '../support/test-server.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP request with exactly these headers (Host included). */
function send(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Opens the collaboration socket as a browser would (Origin, Host); 'open' or the refusing status. */
function openSocket(server: RunningServer, documentId: string, headers: Record<string, string>, query = ''): Promise<number | 'open'> {
  return new Promise((resolve) => {
    const { origin, ...rest } = headers;
    const ws = new WebSocket(`${wsUrl(server.url)}/collab/${documentId}${query}`, { ...(origin ? { origin } : {}), headers: rest });
    ws.once('open', () => {
      ws.close();
      resolve('open');
    });
    ws.once('unexpected-response', (_req, response) => {
      resolve(response.statusCode ?? 0);
      response.resume();
    });
    ws.once('error', () => undefined);
  });
}

const json = { 'content-type': 'application/json' };
const errorCode = (answer: Answer) => (JSON.parse(answer.body) as { error: { code: string; message: string } }).error.code;
const titles = async (server: RunningServer) =>
  (JSON.parse((await send(`${server.url}/api/documents`)).body) as { documents: { title: string }[] }).documents.map((d) => d.title);

describe('open mode: only the server’s own pages and listed origins', async () => {
  const server = await startTestServer();
  const id = await createDocument(server.url, 'A text to keep.', 'Kept');
  const own = server.url; // http://127.0.0.1:PORT
  const evil = 'https://evil.example';

  it('serves requests without Origin, as curl and other servers send them', async () => {
    expect((await send(`${server.url}/api/documents`)).status).toBe(200);
    expect(await openSocket(server, id, {})).toBe('open');
  });

  it('serves the server’s own pages: reads, writes and the socket', async () => {
    expect((await send(`${server.url}/api/documents`, { headers: { origin: own } })).status).toBe(200);
    const created = await send(`${server.url}/api/documents`, {
      method: 'POST',
      headers: { origin: own, ...json },
      body: JSON.stringify({ title: 'Mine', text: 'x' }),
    });
    expect(created.status).toBe(201);
    expect(await openSocket(server, id, { origin: own })).toBe('open');
  });

  it('serves it under its loopback names on its port, answering CORS for them', async () => {
    const port = new URL(server.url).port;
    for (const origin of [`http://localhost:${port}`, `http://[::1]:${port}`]) {
      const answer = await send(`${server.url}/api/documents`, { headers: { origin } });
      expect(answer.status).toBe(200);
      expect(answer.headers['access-control-allow-origin']).toBe(origin);
      expect(await openSocket(server, id, { origin })).toBe('open');
    }
    // The page as the browser addressed it, under a name given in Host.
    const named = await send(`${server.url}/api/documents`, { headers: { host: `localhost:${port}`, origin: `http://localhost:${port}` } });
    expect(named.status).toBe(200);
  });

  it('refuses a page on another site: no reading, creating, deleting or socket', async () => {
    const read = await send(`${server.url}/api/documents`, { headers: { origin: evil } });
    expect(read.status).toBe(403);
    expect(errorCode(read)).toBe('origin_not_allowed');
    expect(read.body).not.toContain('Kept');
    expect(read.headers['access-control-allow-origin']).toBeUndefined();
    // A multipart form post needs no CORS preflight: the server itself must refuse it.
    const form = new FormData();
    form.set('file', new Blob(['planted']), 'planted.txt');
    const formRequest = new Request(`${server.url}/api/documents`, { method: 'POST', body: form });
    const created = await send(`${server.url}/api/documents`, {
      method: 'POST',
      headers: { origin: evil, 'content-type': formRequest.headers.get('content-type')! },
      body: await formRequest.text(),
    });
    expect(created.status).toBe(403);
    const deleted = await send(`${server.url}/api/documents/${id}`, { method: 'DELETE', headers: { origin: evil } });
    expect(deleted.status).toBe(403);
    const preflight = await send(`${server.url}/api/documents`, {
      method: 'OPTIONS',
      headers: { origin: evil, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(await openSocket(server, id, { origin: evil })).toBe(403);
    expect(await titles(server)).toContain('Kept');
    expect(await titles(server)).not.toContain('planted');
  });

  it('refuses another port of this machine (another local site) and the opaque origin "null"', async () => {
    const port = Number(new URL(server.url).port);
    for (const origin of [`http://127.0.0.1:${port === 65535 ? port - 1 : port + 1}`, `http://localhost:8080`, 'null']) {
      expect((await send(`${server.url}/api/documents`, { headers: { origin } })).status).toBe(403);
      expect(await openSocket(server, id, { origin })).toBe(403);
    }
  });

  it('refuses a Host that is not one of its names (DNS rebinding), with a JSON error, for every path', async () => {
    const port = new URL(server.url).port;
    const rebound = { host: `evil.example:${port}` };
    for (const path of ['/api/documents', `/api/documents/${id}`, '/', `/documents/${id}`]) {
      const answer = await send(`${server.url}${path}`, { headers: rebound });
      expect(answer.status).toBe(421);
      expect(answer.headers['content-type']).toMatch(/^application\/json/);
      expect(errorCode(answer)).toBe('host_not_allowed');
    }
    // The rebound page is same-origin with itself: its Origin is its own name, and it is refused all the same.
    const write = await send(`${server.url}/api/documents/${id}`, { method: 'DELETE', headers: { ...rebound, origin: `http://evil.example:${port}` } });
    expect(write.status).toBe(421);
    expect(await openSocket(server, id, { ...rebound, origin: `http://evil.example:${port}` })).toBe(421);
    expect(await titles(server)).toContain('Kept');
    // Health checks come from balancers and containers under any name, and tell nothing.
    expect((await send(`${server.url}/healthz`, { headers: rebound })).status).toBe(200);
  });

  it('answers to localhost and to IP addresses (rebinding needs a name)', async () => {
    const port = new URL(server.url).port;
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, `192.168.1.20:${port}`, 'localhost']) {
      expect((await send(`${server.url}/api/documents`, { headers: { host } })).status).toBe(200);
    }
    // A page served by the server under its LAN address calls it under that address.
    const lan = await send(`${server.url}/api/documents`, { headers: { host: `192.168.1.20:${port}`, origin: `http://192.168.1.20:${port}` } });
    expect(lan.status).toBe(200);
  });
});

describe('open mode with ALLOWED_ORIGINS and ALLOWED_HOSTS', async () => {
  const intranet = 'https://intranet.example.org';
  const server = await startTestServer({ ALLOWED_ORIGINS: intranet, ALLOWED_HOSTS: 'glossa.lan, Review.Example.org' });
  const id = await createDocument(server.url, 'Listed.', 'Listed');
  const port = new URL(server.url).port;

  it('lets a listed origin read, write and connect, with CORS', async () => {
    const read = await send(`${server.url}/api/documents`, { headers: { origin: intranet } });
    expect(read.status).toBe(200);
    expect(read.headers['access-control-allow-origin']).toBe(intranet);
    const preflight = await send(`${server.url}/api/documents`, {
      method: 'OPTIONS',
      headers: { origin: intranet, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.headers['access-control-allow-origin']).toBe(intranet);
    const created = await send(`${server.url}/api/documents`, {
      method: 'POST',
      headers: { origin: intranet, ...json },
      body: JSON.stringify({ title: 'From the intranet', text: 'x' }),
    });
    expect(created.status).toBe(201);
    expect(await openSocket(server, id, { origin: intranet })).toBe('open');
    expect((await send(`${server.url}/api/documents`, { headers: { origin: 'https://evil.example' } })).status).toBe(403);
  });

  it('answers to the listed host names (listed in any case), and takes pages served under them as its own', async () => {
    for (const name of ['glossa.lan', 'review.example.org']) {
      expect((await send(`${server.url}/api/documents`, { headers: { host: `${name}:${port}` } })).status).toBe(200);
    }
    const own = await send(`${server.url}/api/documents`, { headers: { host: `glossa.lan:${port}`, origin: `http://glossa.lan:${port}` } });
    expect(own.status).toBe(200);
    expect(await openSocket(server, id, { host: `glossa.lan:${port}`, origin: `http://glossa.lan:${port}` })).toBe('open');
    expect((await send(`${server.url}/api/documents`, { headers: { host: `other.lan:${port}` } })).status).toBe(421);
  });
});

describe('open mode with ALLOWED_ORIGINS=*', () => {
  it('lets any origin in, and says at start what that means', async () => {
    const server = await startTestServer({ ALLOWED_ORIGINS: '*' });
    expect((await send(`${server.url}/api/documents`, { headers: { origin: 'https://anywhere.example' } })).status).toBe(200);
    // The Host check stays: '*' is about origins.
    expect((await send(`${server.url}/api/documents`, { headers: { host: `evil.example:${new URL(server.url).port}` } })).status).toBe(421);

    // `npm start`'s entry point, as a person starts it: the warning is on stderr before any request.
    const child = spawn(process.execPath, [SERVER_ENTRY], {
      env: {
        ...process.env,
        ALLOWED_ORIGINS: '*',
        PORT: '0',
        LOG_LEVEL: 'silent',
        SEED_SAMPLE: 'false',
        GLOSSA_TUNING: JSON.stringify({ mergeThread: 'off' }),
        DATABASE_URL: join(tempDir(), 'g.db'),
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    cleanUp(() => child.kill('SIGKILL'));
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('ALLOWED_ORIGINS=*')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code}: ${stderr}`)));
    });
    expect(stderr).toMatch(
      /WARNING: ALLOWED_ORIGINS=\* in open local mode: a page on any website that a browser on this machine visits may read, change and delete every document/,
    );
  });
});

describe('token mode is as before', async () => {
  const server = await startTestServer({ GLOSSA_SECRET: TEST_SECRET });
  const token = await signToken({ sub: 'ola', role: 'owner' });
  const id = await createDocument(server.url, 'Tokens.', 't', token);
  const auth = { authorization: `Bearer ${token}` };
  const port = new URL(server.url).port;

  it('guards the API with tokens, not origins: CORS only for listed ones (none by default)', async () => {
    const answer = await send(`${server.url}/api/documents`, { headers: { ...auth, origin: 'https://evil.example' } });
    expect(answer.status).toBe(200);
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    expect((await send(`${server.url}/api/documents`, { headers: { origin: 'https://evil.example' } })).status).toBe(401);
  });

  it('opens sockets for listed origins only (none by default), and without Origin', async () => {
    expect(await openSocket(server, id, { origin: server.url }, `?token=${token}`)).toBe(403);
    expect(await openSocket(server, id, {}, `?token=${token}`)).toBe('open');
  });

  it('does not check Host (a token is what lets anyone in)', async () => {
    expect((await send(`${server.url}/api/documents`, { headers: { ...auth, host: `glossa.example.org:${port}` } })).status).toBe(200);
  });
});
