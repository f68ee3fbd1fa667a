// A relay to a room is framed once and that frame written to every socket. Each client must still
// get the exact bytes, one message per send, in order, whatever the length field's size, and a
// socket that closed meanwhile reports the failure rather than losing it silently; a paused socket
// still completes a close. Upgrades go through the app, which accepts them or refuses them.

import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { SharedMessage, SplitMessage, messageBytes } from '../../../../server/collab/collab-socket.js';
import { SocketUpgrades, type UpgradeBindings } from '../../../../server/http/socket-upgrades.js';
import { WsCollabSocket } from '../../../../server/http/ws-collab-socket.js';

interface Pair {
  server: WsCollabSocket;
  /** The server's end as ws gives it. */
  raw: WebSocket;
  client: WebSocket;
  received: Uint8Array[];
}

let servers: { http: Server; upgrades: SocketUpgrades }[] = [];
afterEach(async () => {
  for (const { http, upgrades } of servers) {
    upgrades.terminateAll();
    await new Promise((resolve) => http.close(resolve));
  }
  servers = [];
});

type Fetch = (request: Request, env: UpgradeBindings) => Response | Promise<Response>;

/** A real HTTP server whose upgrades go through `fetch`, as the app's do; its port. */
async function listen(fetch: Fetch): Promise<{ port: number; upgrades: SocketUpgrades }> {
  const http = createServer();
  const upgrades = new SocketUpgrades(fetch, { maxPayload: 1 << 20 }, pino({ level: 'silent' }));
  upgrades.attach(http);
  servers.push({ http, upgrades });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return { port: (http.address() as AddressInfo).port, upgrades };
}

/** `count` real socket pairs on loopback; the server ends wrapped as the collaboration core sees them. */
async function connect(count: number): Promise<Pair[]> {
  let accepted: (opened: [WebSocket, Socket]) => void = () => undefined;
  const { port } = await listen((_request, env) => {
    env.upgrade?.accept((ws, socket) => accepted([ws, socket]));
    return new Response(null);
  });
  const pairs: Pair[] = [];
  for (let i = 0; i < count; i++) {
    const opened = new Promise<[WebSocket, Socket]>((resolve) => (accepted = resolve));
    const client = new WebSocket(`ws://127.0.0.1:${port}/`);
    const received: Uint8Array[] = [];
    client.on('message', (data: Buffer) => received.push(new Uint8Array(data)));
    await new Promise((resolve) => client.once('open', resolve));
    const [raw, socket] = await opened;
    pairs.push({ server: new WsCollabSocket(raw, socket), raw, client, received });
  }
  return pairs;
}

function bytes(length: number, seed: number): Uint8Array {
  const data = new Uint8Array(length);
  for (let i = 0; i < length; i++) data[i] = (i * 31 + seed) & 0xff;
  return data;
}

function whenReceived(pair: Pair, count: number): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (pair.received.length < count) return;
      pair.client.off('message', check);
      resolve();
    };
    pair.client.on('message', check);
    check();
  });
}

describe('WsCollabSocket', () => {
  it('sends one shared frame to every socket, the bytes exact at every length-field size', async () => {
    const pairs = await connect(3);
    // 7-bit, 16-bit and 64-bit payload lengths, and their edges.
    const lengths = [0, 1, 125, 126, 300, 65_535, 65_536, 200_000];
    const messages = lengths.map((length, i) => new SharedMessage(bytes(length, i)));
    for (const message of messages) for (const pair of pairs) pair.server.send(message);
    await Promise.all(pairs.map((pair) => whenReceived(pair, messages.length)));
    for (const pair of pairs) {
      expect(pair.received.map((data) => data.byteLength)).toEqual(lengths);
      // Byte-wise comparison: the matcher's deep equality takes seconds on 200 KB arrays.
      pair.received.forEach((data, i) => expect(Buffer.compare(data, messages[i]!.data), `message ${i}`).toBe(0));
    }
    // Framed once, for the first socket, and reused for the others.
    for (const message of messages) expect(message.wire).not.toBeNull();
  });

  it('sends a split message as one message, head then body, at every length-field size', async () => {
    const [pair] = await connect(1);
    // Totals on both sides of each length-field boundary (the head is 3 bytes).
    const bodies = [0, 122, 123, 65_532, 65_533, 4_000_000].map((length, i) => bytes(length, i));
    const messages = bodies.map((body, i) => new SplitMessage(bytes(3, 100 + i), body));
    for (const message of messages) pair!.server.send(message);
    await whenReceived(pair!, messages.length);
    expect(pair!.received.map((data) => data.byteLength)).toEqual(bodies.map((body) => body.byteLength + 3));
    pair!.received.forEach((data, i) => expect(Buffer.compare(data, messageBytes(messages[i]!)), `message ${i}`).toBe(0));
  });

  it('keeps shared, split and own messages in the order they were sent, pings between them too', async () => {
    const [pair] = await connect(1);
    const sent = [1, 2, 3, 4, 5].map((n) => bytes(10 * n, n));
    pair!.server.send(new SharedMessage(sent[0]!));
    pair!.server.send(sent[1]!);
    pair!.raw.ping();
    pair!.server.send(new SplitMessage(sent[2]!.subarray(0, 4), sent[2]!.subarray(4)));
    pair!.server.send(new SharedMessage(sent[3]!));
    pair!.server.send(sent[4]!);
    await whenReceived(pair!, 5);
    expect(pair!.received).toEqual(sent);
  });

  it('reports a send to a socket that has closed instead of dropping it silently', async () => {
    const [pair] = await connect(1);
    const closed = new Promise((resolve) => pair!.client.once('close', resolve));
    pair!.client.close();
    await closed;
    const error = await new Promise<Error | undefined>((resolve) => pair!.server.send(new SharedMessage(bytes(10, 1)), resolve));
    expect(error).toBeInstanceOf(Error);
  });

  it('counts shared frames not yet handed to the network in bufferedAmount', async () => {
    const [pair] = await connect(1);
    // The client stops reading, so the kernel's buffers fill and the rest waits in the process.
    pair!.client.pause();
    const message = new SharedMessage(bytes(1 << 20, 3));
    for (let i = 0; i < 64; i++) pair!.server.send(message);
    expect(pair!.server.bufferedAmount).toBeGreaterThan(1 << 20);
  });

  it('a paused socket that is closed tells its client the code and reason, and is let go without reading its backlog', async () => {
    const [pair] = await connect(1);
    let read = 0;
    pair!.raw.on('message', () => (read += 1));
    pair!.server.pause();
    // A flooder's backlog, queued before its close frame would be.
    for (let i = 0; i < 2_000; i++) pair!.client.send(Buffer.alloc(1_000));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const toldClient = new Promise<[number, string]>((resolve) => pair!.client.once('close', (code, reason) => resolve([code, reason.toString()])));
    const gone = new Promise<number>((resolve) => pair!.raw.once('close', resolve));
    pair!.server.close(1013, 'try again later');
    // Unread, the client's close frame would otherwise wait for ws's 30 s timeout, past this test's.
    expect(await toldClient).toEqual([1013, 'try again later']);
    await gone;
    expect(read).toBeLessThan(2_000);
  });
});

describe('SocketUpgrades', () => {
  it('answers an upgrade the app refuses with the app’s status and error, and opens no socket', async () => {
    const { port } = await listen(() => Response.json({ error: { code: 'origin_not_allowed', message: 'not from there' } }, { status: 403 }));
    const client = new WebSocket(`ws://127.0.0.1:${port}/collab/report`);
    const refused = await new Promise<{ status: number; body: string }>((resolve) => {
      client.once('unexpected-response', (_request, response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      });
    });
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body)).toEqual({ error: { code: 'origin_not_allowed', message: 'not from there' } });
  });

  it('hands the app the upgrade request’s path, query and headers', async () => {
    let seen: { url: string; origin: string | null } | null = null;
    const { port } = await listen((request, env) => {
      seen = { url: request.url, origin: request.headers.get('origin') };
      env.upgrade?.accept(() => undefined);
      return new Response(null);
    });
    const client = new WebSocket(`ws://127.0.0.1:${port}/collab/report?token=abc`, { origin: 'http://example.test' });
    await new Promise((resolve) => client.once('open', resolve));
    expect(seen).toEqual({ url: 'http://localhost/collab/report?token=abc', origin: 'http://example.test' });
    client.terminate();
  });
});
