// A relay to a room frames its message once and writes that frame to every socket. Each client
// must still get the exact bytes, one message per relay, whatever the length field's size, and
// a socket that closed meanwhile must report the failure rather than lose it silently. A paced
// socket must not hold up everyone else while ws works through what it had already read.

import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer, type ServerOptions } from 'ws';
import { SharedMessage, SplitMessage, messageBytes } from '../../../../server/collab/collab-socket.js';
import { WsCollabSocket } from '../../../../server/http/ws-collab-socket.js';

interface Pair {
  server: WsCollabSocket;
  /** The server's end as ws gives it. */
  raw: WebSocket;
  client: WebSocket;
  received: Uint8Array[];
}

let servers: WebSocketServer[] = [];
afterEach(async () => {
  for (const wss of servers) {
    for (const ws of wss.clients) ws.terminate();
    await new Promise((resolve) => wss.close(resolve));
  }
  servers = [];
});

/** `count` real socket pairs on loopback; the server ends wrapped as the collaboration core sees them. */
async function connect(count: number, options: ServerOptions = {}, clientDeflate = false): Promise<Pair[]> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', ...options });
  servers.push(wss);
  await new Promise((resolve) => wss.once('listening', resolve));
  const { port } = wss.address() as AddressInfo;
  const pairs: Pair[] = [];
  for (let i = 0; i < count; i++) {
    const accepted = new Promise<WebSocket>((resolve) => wss.once('connection', resolve));
    const client = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate: clientDeflate });
    const received: Uint8Array[] = [];
    client.on('message', (data: Buffer) => received.push(new Uint8Array(data)));
    await new Promise((resolve) => client.once('open', resolve));
    const raw = await accepted;
    pairs.push({ server: new WsCollabSocket(raw), raw, client, received });
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

  it('keeps shared, split and own messages in the order they were sent', async () => {
    const [pair] = await connect(1);
    const sent = [1, 2, 3, 4, 5].map((n) => bytes(10 * n, n));
    pair!.server.send(new SharedMessage(sent[0]!));
    pair!.server.send(sent[1]!);
    pair!.server.send(new SplitMessage(sent[2]!.subarray(0, 4), sent[2]!.subarray(4)));
    pair!.server.send(new SharedMessage(sent[3]!));
    pair!.server.send(sent[4]!);
    await whenReceived(pair!, 5);
    expect(pair!.received).toEqual(sent);
  });

  it('falls back to ws framing each message when the socket compresses', async () => {
    const [pair] = await connect(1, { perMessageDeflate: { threshold: 0 } }, true);
    const message = new SharedMessage(bytes(5_000, 7));
    const split = new SplitMessage(bytes(3, 1), bytes(70_000, 2));
    pair!.server.send(message);
    pair!.server.send(split);
    await whenReceived(pair!, 2);
    expect(pair!.received[0]).toEqual(message.data);
    expect(Buffer.compare(pair!.received[1]!, messageBytes(split))).toBe(0);
    expect(message.wire).toBeNull();
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

  it('once paused, hands on what it had already read a frame per turn, in order, so others are not held up', async () => {
    const [pair] = await connect(1);
    const got: number[] = [];
    let beforeNextTurn = -1;
    pair!.raw.on('message', (data: Buffer) => {
      got.push(data.readUInt16BE(0));
      if (got.length === 1) {
        pair!.server.pause();
        setImmediate(() => (beforeNextTurn = got.length));
      }
    });
    // Corked: the 2,000 small frames go out in one write, and the server reads them as one chunk.
    const frames = 2_000;
    const all = new Promise<void>((resolve) => pair!.raw.on('message', () => got.length === frames && resolve()));
    const socket = (pair!.client as unknown as { _socket: { cork(): void; uncork(): void } })._socket;
    socket.cork();
    for (let i = 0; i < frames; i++) pair!.client.send(Buffer.from([i >> 8, i & 0xff]));
    socket.uncork();
    await all;
    // Without it ws emitted the whole chunk in one go (1,000+ frames before the next turn).
    expect(beforeNextTurn).toBeGreaterThan(0);
    expect(beforeNextTurn).toBeLessThanOrEqual(2);
    expect(got).toEqual(Array.from({ length: frames }, (_, i) => i));
  });

  it('a paused socket that is closed still completes the close handshake at once', async () => {
    const [pair] = await connect(1);
    pair!.server.pause();
    const closed = new Promise<number>((resolve) => pair!.raw.once('close', resolve));
    pair!.server.close(1013, 'try again later');
    // Unread, the client's close frame would wait for ws's 30 s timeout, past this test's.
    expect(await closed).toBe(1013);
  });
});
