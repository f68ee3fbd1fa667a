// Fuzzing the socket handler on a running server: thousands of random and mutated y-websocket
// messages. Afterwards the server answers, other rooms are intact and stored documents unchanged.

import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeAwarenessEntries } from '../../shared/protocol/awareness-entries.js';
import { MessageType, SyncStep } from '../../shared/protocol/message-types.js';
import { encodeAwarenessMessage, encodeSyncStep1, encodeSyncUpdate } from '../../shared/protocol/messages.js';
import { TEST_SECRET, signToken } from '../support/tokens.js';
import { createDocument, startTestServer } from '../support/test-server.js';
import { connectClient, rawSocket, whenSynced, whenText } from '../support/yjs-clients.js';

// A small seeded generator, so a failing run can be replayed with the printed seed.
function rng(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

const SEED = Number(process.env.FUZZ_SEED ?? 20261128);
const ROUNDS = 3000;

describe('socket fuzzing', async () => {
  const server = await startTestServer({ MAX_MESSAGE_BYTES: String(64 * 1024), GLOSSA_SECRET: TEST_SECRET });
  const owner = await signToken({ sub: 'owner', role: 'owner' });
  // A viewer may send anything but change nothing, so "unchanged" is exactly what must hold;
  // an editor's valid-looking mutations may legitimately apply, so for it only survival counts.
  const viewer = await signToken({ sub: 'fuzzer', role: 'viewer' });
  const editor = await signToken({ sub: 'fuzzer-editor', role: 'editor' });
  const create = (text: string) => createDocument(server.url, text, 'fuzz', owner);
  const text = 'A stored document that must come out of this unchanged.';
  const target = await create(text);
  const scratch = await create('An editor may change this one.');
  const bystander = await create('bystanders');
  const as = (token: string) => ({ params: { token } });
  const random = rng(SEED);
  const int = (n: number) => Math.floor(random() * n);
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => int(256));

  // Real messages to mutate: updates, state vectors, awareness.
  const realUpdate = (() => {
    const d = new Y.Doc();
    d.getText('source').insert(0, 'INJECTED ');
    d.getMap('annotations').set('x', 'y');
    return Y.encodeStateAsUpdate(d);
  })();
  const corpus = [
    encodeSyncUpdate(realUpdate),
    encodeSyncStep1(Y.encodeStateVector(new Y.Doc())),
    encodeAwarenessMessage(encodeAwarenessEntries([{ clientId: 1, clock: 1, stateJson: '{"user":{"name":"fuzz"}}' }])),
    new Uint8Array([MessageType.QueryAwareness]),
  ];

  function frame(write: (e: encoding.Encoder) => void): Uint8Array {
    const e = encoding.createEncoder();
    write(e);
    return encoding.toUint8Array(e);
  }

  const generators: (() => Uint8Array)[] = [
    () => bytes(1 + int(64)),
    // Valid framing with garbage inside.
    () =>
      frame((e) => {
        encoding.writeVarUint(e, MessageType.Sync);
        encoding.writeVarUint(e, int(3));
        encoding.writeVarUint8Array(e, bytes(int(200)));
      }),
    // Truncated varints and huge lengths.
    () => new Uint8Array([MessageType.Sync, SyncStep.Update, 0xff, 0xff, 0xff, 0xff, 0x0f]),
    () =>
      frame((e) => {
        encoding.writeVarUint(e, MessageType.Sync);
        encoding.writeVarUint(e, SyncStep.Update);
        encoding.writeVarUint(e, 2 ** 31);
      }),
    // Wrong types.
    () => frame((e) => encoding.writeVarUint(e, 4 + int(2000))),
    // Awareness for foreign ids, with garbage states.
    () =>
      encodeAwarenessMessage(encodeAwarenessEntries([{ clientId: int(2 ** 31), clock: int(1000), stateJson: random() < 0.5 ? '{"user":1}' : '{bad json' }])),
    // Real messages with bytes flipped or cut.
    () => {
      const base = corpus[int(corpus.length)]!.slice();
      for (let i = 0; i < 1 + int(4); i++) base[int(base.length)] = int(256);
      return random() < 0.3 ? base.slice(0, int(base.length)) : base;
    },
  ];

  it(`survives ${ROUNDS} hostile messages (seed ${SEED})`, async () => {
    const alice = connectClient(server.url, bystander, as(owner));
    const bob = connectClient(server.url, bystander, as(owner));
    await Promise.all([whenSynced(alice), whenSynced(bob)]);

    let sent = 0;
    let closes = 0;
    while (sent < ROUNDS) {
      const asEditor = random() < 0.3;
      const socket = rawSocket(server.url, asEditor ? scratch : target, `?token=${asEditor ? editor : viewer}`);
      await socket.first((f) => f[0] === MessageType.Sync);
      // Each socket sends a burst until the server closes it (or the burst ends).
      let open = true;
      void socket.closed.then(() => (open = false));
      for (let i = 0; i < 50 && open && sent < ROUNDS; i++, sent++) socket.ws.send(generators[int(generators.length)]!());
      socket.ws.close();
      const closed = await socket.closed;
      if (closed.code >= 4000) closes++;
    }
    expect(closes).toBeGreaterThan(0);

    // The server answers, the other room still relays, and the attacked document is unchanged.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    alice.text.insert(0, 'still here: ');
    await whenText(bob, 'still here: bystanders');
    const stored = (await (await fetch(`${server.url}/api/documents/${target}`, { headers: { authorization: `Bearer ${owner}` } })).json()) as { text: string };
    expect(stored.text).toBe(text);
    const reader = connectClient(server.url, target, as(owner));
    await whenSynced(reader);
    expect(reader.text.toString()).toBe(text);
    const scratchReader = connectClient(server.url, scratch, as(owner));
    await whenSynced(scratchReader);
    expect(scratchReader.text.toString()).toContain('An editor may change this one.');
  }, 120_000);
});
