// Hostile or broken frames close only the sender's connection, with a documented code;
// nothing they carry is stored, and the server and every other room keep working.

import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/protocol/close-codes.js';
import { MessageType, SyncStep } from '../../shared/protocol/message-types.js';
import { encodeSyncUpdate } from '../../shared/protocol/messages.js';
import { createDocument, startTestServer } from '../support/test-server.js';
import { connectClient, rawSocket, whenSynced, whenText } from '../support/yjs-clients.js';

const MAX_MESSAGE_BYTES = 4096;

function frame(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
}

function validUpdate(edit: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc();
  edit(doc);
  return Y.encodeStateAsUpdate(doc);
}

// A pseudo-random but repeatable byte source, so a failure can be replayed.
function bytes(seed: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    out[i] = x >> 16;
  }
  return out;
}

const cases: { name: string; send: Uint8Array | string; code: number }[] = [
  { name: 'random bytes', send: bytes(7, 64), code: CloseCode.UnknownMessageType },
  { name: 'an empty frame', send: new Uint8Array(0), code: CloseCode.MalformedMessage },
  { name: 'a truncated varint', send: new Uint8Array([0x80, 0x80]), code: CloseCode.MalformedMessage },
  {
    name: 'a sync frame whose length runs past the end',
    send: frame((e) => {
      encoding.writeVarUint(e, MessageType.Sync);
      encoding.writeVarUint(e, SyncStep.Update);
      encoding.writeVarUint(e, 1_000_000);
      encoding.writeUint8(e, 1);
    }),
    code: CloseCode.MalformedMessage,
  },
  { name: 'an unknown message type', send: new Uint8Array([42, 0]), code: CloseCode.UnknownMessageType },
  {
    name: 'an unknown sync step',
    send: frame((e) => {
      encoding.writeVarUint(e, MessageType.Sync);
      encoding.writeVarUint(e, 9);
      encoding.writeVarUint8Array(e, new Uint8Array([0]));
    }),
    code: CloseCode.UnknownMessageType,
  },
  { name: 'trailing bytes after a message', send: new Uint8Array([MessageType.QueryAwareness, 1, 2]), code: CloseCode.MalformedMessage },
  { name: 'a text frame', send: 'hello', code: CloseCode.MalformedMessage },
  { name: 'an update of garbage in valid framing', send: encodeSyncUpdate(bytes(11, 200)), code: CloseCode.UpdateRejected },
  {
    name: 'a truncated real update',
    send: encodeSyncUpdate(validUpdate((d) => d.getText('source').insert(0, 'INJECTED')).slice(0, 12)),
    code: CloseCode.UpdateRejected,
  },
  {
    name: 'an awareness update of garbage',
    send: frame((e) => {
      encoding.writeVarUint(e, MessageType.Awareness);
      encoding.writeVarUint8Array(
        e,
        frame((a) => {
          encoding.writeVarUint(a, 1);
          encoding.writeVarUint(a, 5);
          encoding.writeVarUint(a, 1);
          encoding.writeVarString(a, '{not json');
        }),
      );
    }),
    code: CloseCode.UpdateRejected,
  },
  { name: 'a frame over the size limit', send: new Uint8Array(MAX_MESSAGE_BYTES + 1), code: CloseCode.MessageTooBig },
];

describe('bad input on the collaboration socket', async () => {
  const server = await startTestServer({ MAX_MESSAGE_BYTES: String(MAX_MESSAGE_BYTES) });
  const text = 'Stored text nobody may corrupt.';
  const target = await createDocument(server.url, text);
  const bystanderDoc = await createDocument(server.url, 'bystanders');
  const alice = connectClient(server.url, bystanderDoc);
  const bob = connectClient(server.url, bystanderDoc);
  await Promise.all([whenSynced(alice), whenSynced(bob)]);
  let round = 0;

  for (const c of cases) {
    it(`closes the sender of ${c.name} with ${c.code}, and nothing else is affected`, async () => {
      const socket = rawSocket(server.url, target);
      await socket.opened;
      // Wait until the server has taken the socket into the room.
      await socket.first((f) => f[0] === MessageType.Sync);
      socket.ws.send(c.send);
      const closed = await socket.closed;
      expect(closed.code).toBe(c.code);
      expect(closed.reason.length).toBeGreaterThan(0);

      // The server answers, the stored document is unchanged, and the other room still relays.
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      const doc = (await (await fetch(`${server.url}/api/documents/${target}`)).json()) as { text: string };
      expect(doc.text).toBe(text);
      const marker = ` ${++round}`;
      alice.text.insert(alice.text.length, marker);
      await whenText(bob, alice.text.toString());
    });
  }

  it('a client on the attacked document still syncs and sees no injected content', async () => {
    const reader = connectClient(server.url, target);
    await whenSynced(reader);
    expect(reader.text.toString()).toBe(text);
  });
});

describe('a slow client', () => {
  it('is closed with Resync instead of losing updates, and converges after reconnecting', async () => {
    const server = await startTestServer({}, { tuning: { slowClientBufferBytes: 64 * 1024 } });
    const id = await createDocument(server.url, 'start');
    const slow = rawSocket(server.url, id);
    await slow.opened;
    await slow.first((f) => f[0] === MessageType.Sync);
    // Stop reading: the kernel buffers fill, then the server's send buffer grows.
    (slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();

    const writer = connectClient(server.url, id);
    await whenSynced(writer);
    const room = (await server.rooms.open(id))!;
    expect(room.connectionCount).toBe(2);
    const chunk = 'x'.repeat(256 * 1024);
    // The paused client cannot see its close frame yet; the server's room shows when it let go.
    for (let i = 0; i < 200 && room.connectionCount > 1; i++) {
      writer.text.insert(writer.text.length, chunk);
      await new Promise((r) => setImmediate(r));
    }
    expect(room.connectionCount).toBe(1);
    (slow.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    expect((await slow.closed).code).toBe(CloseCode.Resync);

    const expected = writer.text.toString();
    const again = connectClient(server.url, id);
    await whenSynced(again);
    await whenText(again, expected);
    expect(again.text.length).toBe(expected.length);
  });
});
