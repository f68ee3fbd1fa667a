// Two fuzzers for what an attacker may send once let in (issue 24): presence floods on raw sockets,
// and an editor's stock Yjs client writing garbage of every type into the document's layout. Each
// round checks the rules hold for everyone else, not only that the server survives. Seeded: a
// failure prints the seed, and FUZZ_SEED=<seed> replays it.

import * as encoding from 'lib0/encoding';
import { describe, expect, it, onTestFailed } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { CollabSession } from '../../client/sync/collab-session.js';
import { identityFromToken } from '../../client/sync/token-identity.js';
import { encodeAnchor } from '../../shared/model/anchors.js';
import { isHexColor } from '../../shared/model/color.js';
import { type DamagedEntry, findDamaged } from '../../shared/model/layout-check.js';
import { readLabels } from '../../shared/model/labels.js';
import { readAnnotations } from '../../shared/model/read-annotations.js';
import type { AnnotationView } from '../../shared/model/types.js';
import { CloseCode } from '../../shared/protocol/close-codes.js';
import { MessageType, SyncStep } from '../../shared/protocol/message-types.js';
import { encodeSyncStep1 } from '../../shared/protocol/messages.js';
import { MemoryStorage } from '../support/memory-storage.js';
import { TEST_SECRET, signToken } from '../support/tokens.js';
import { createDocument, startTestServer } from '../support/test-server.js';
import { type TestClient, connectClient, rawSocket, whenClosed, whenDoc, whenSynced, whenText } from '../support/yjs-clients.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261224);

/** xorshift32: small, seeded, the same sequence everywhere. */
function generator(seed: number) {
  let x = seed >>> 0 || 1;
  const random = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => int(256));
  // Lone surrogates of both halves, astral characters, controls, quotes and escapes, separators, BOMs.
  const pieces: (() => string)[] = [
    () => String.fromCharCode(0xd800 + int(0x400)),
    () => String.fromCharCode(0xdc00 + int(0x400)),
    () => String.fromCodePoint(0x10000 + int(0xfffff)),
    () => String.fromCharCode(int(0x20)),
    () => pick(['"', '\\', '\u2028', '\ufeff', '\u0000', '}', '{', 'é', 'a', ' ']),
    () => String.fromCharCode(0x20 + int(0xd7d0)),
  ];
  const unicode = (n: number) => {
    let s = '';
    while (s.length < n) s += pick(pieces)();
    return s;
  };
  return { random, int, pick, bytes, unicode };
}

/** Fails the test with the seed to replay it. */
function replayable(name: string): void {
  onTestFailed(() => console.error(`\n${name} failed: replay with FUZZ_SEED=${SEED} npx vitest run tests/integration/fuzz-layout.test.ts\n`));
}

const utf8 = new TextEncoder();
const AWARENESS_BYTES = 8 * 1024;
const IDS_PER_SOCKET = 4;
const STATES_PER_ROOM = 1000;

describe('presence fuzzing (open mode: states reach peers as sent)', async () => {
  const server = await startTestServer();
  const text = 'A document people are present on.';
  const target = await createDocument(server.url, text, 'presence');
  const quiet = await createDocument(server.url, 'Nobody floods this one.', 'quiet');
  const { random, int, pick, bytes, unicode } = generator(SEED);

  it(`raw presence floods stay within the rules for everyone else (seed ${SEED})`, async () => {
    replayable('presence fuzzing');
    const alice = connectClient(server.url, target);
    const bob = connectClient(server.url, target);
    const bystander = connectClient(server.url, quiet);
    // The annotator's own session reads every presence state as a peer.
    const session = new CollabSession({
      server: server.url,
      documentId: target,
      identity: { id: 'u-sam', name: 'Sam', color: '#2f9e44' },
      storage: new MemoryStorage(),
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    });
    await Promise.all([
      whenSynced(alice),
      whenSynced(bob),
      whenSynced(bystander),
      new Promise<void>((resolve) => {
        const check = () => session.synced && (session.removeEventListener('status', check), resolve());
        session.addEventListener('status', check);
        check();
      }),
    ]);
    const own = new Set([alice.doc.clientID, bob.doc.clientID, session.doc.clientID]);

    // What the bystanders see, checked at every change.
    const problems: string[] = [];
    let floodingSockets = 0;
    let mostSeen = 0;
    const foreign = (client: TestClient) => [...client.provider.awareness.getStates()].filter(([id]) => !own.has(id));
    const watch = (client: TestClient, name: string) =>
      client.provider.awareness.on('change', () => {
        const states = foreign(client);
        mostSeen = Math.max(mostSeen, states.length);
        if (states.length > Math.min(STATES_PER_ROOM, IDS_PER_SOCKET * floodingSockets))
          problems.push(`${name} saw ${states.length} flood states from ${floodingSockets} sockets`);
        for (const [id, state] of states) {
          const size = utf8.encode(JSON.stringify(state)).byteLength;
          if (size > AWARENESS_BYTES) problems.push(`${name} saw a state of ${size} bytes for ${id}`);
        }
        // Nobody may speak for a bystander.
        for (const id of own) {
          const state = client.provider.awareness.getStates().get(id) as { user?: { name?: unknown } } | undefined;
          if (state?.user?.name === 'hijack') problems.push(`${name} saw ${id} hijacked`);
        }
      });
    watch(alice, 'alice');
    watch(bob, 'bob');
    bystander.provider.awareness.on('change', () => {
      if (bystander.provider.awareness.getStates().size > 1) problems.push('the quiet document saw presence from the flood');
    });
    session.addEventListener('presence', () => {
      try {
        for (const peer of session.peers) {
          if (typeof peer.user.id !== 'string' || typeof peer.user.name !== 'string' || !isHexColor(peer.user.color))
            problems.push(`the annotator shows a peer as ${JSON.stringify(peer.user)}`);
        }
      } catch (error) {
        problems.push(`the annotator failed to read presence: ${String(error)}`);
      }
    });

    const clientId = (): { id: number } | { raw: Uint8Array } =>
      pick<() => { id: number } | { raw: Uint8Array }>([
        () => ({ id: int(100) }),
        () => ({ id: int(2 ** 32) }),
        // Negative-looking as 32- or 53-bit integers, and past what a varint may hold.
        () => ({ id: pick([2 ** 31, 2 ** 32 - 1, 2 ** 53 - 1, 2 ** 31 - 1]) }),
        () => ({ id: Math.floor(random() * 2 ** 53) }),
        () => ({ raw: new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]) }),
        () => ({ id: pick([...own]) }),
      ])();
    const nasty = [
      '"a string"',
      '5',
      'true',
      '[]',
      '{}',
      '{"user":"x"}',
      '{"user":{"id":5}}',
      '{"user":{"id":"x"}}',
      '{"user":null}',
      '{"user":{"id":"x","name":{"toString":1}}}',
      '{"__proto__":null,"user":{"id":"p","name":"P"}}',
      '{"user":{"id":"c","name":"C","color":"red; background:url(http://127.0.0.1:1/leak)"}}',
      '{"user":{"id":"s","name":"S","color":"#123456"},"selection":{"start":5,"end":"AAAA"}}',
      '{"user":{"id":"t","name":"T","color":"#123456"},"selection":"everything"}',
      '{"user":{"name":"hijack","id":"h","color":"#000000"}}',
    ];
    // A socket either sends states that are all valid JSON under the cap (they reach the others, up
    // to the id limits) or anything at all (mostly refused as a whole).
    const state = (small: boolean, valid: boolean): string | Uint8Array => {
      if (valid) {
        const kind = int(small ? 2 : 4);
        if (kind === 0) return pick(nasty);
        if (kind === 1) return 'null';
        if (kind === 2)
          return JSON.stringify({
            user: { id: unicode(1 + int(8)), name: unicode(1 + int(30)), color: pick(['#123456', '#zzzzzz', 5, null]) },
            selection: null,
          });
        return JSON.stringify({ user: { id: 'big', name: '😀'.repeat(Math.floor(AWARENESS_BYTES / 4) - 40) } });
      }
      const kind = small ? int(4) : int(9);
      if (kind === 0) return 'null';
      if (kind === 1) return pick(nasty);
      if (kind === 2) return JSON.stringify({ user: { id: unicode(1 + int(8)), name: unicode(1 + int(30)), color: pick(['#123456', '#zzzzzz', 5, null]) } });
      if (kind === 3) return pick(['{bad json', '{"user":', '', 'nul', '{"a":1}}']);
      if (kind === 4) return bytes(1 + int(64)); // not UTF-8
      // Around the size cap, counted in UTF-8 bytes: astral characters are 4 bytes and 2 units.
      const around = Math.floor((AWARENESS_BYTES / 4) * (0.5 + random()));
      return JSON.stringify({ user: { id: 'big', name: kind === 5 ? '😀'.repeat(around) : unicode(around * 2) } });
    };
    const frame = (valid: boolean): Uint8Array => {
      const count = valid ? pick([1, 1, 2, 1 + int(IDS_PER_SOCKET + 2), 500 + int(2500)]) : pick([1, 1 + int(IDS_PER_SOCKET + 2), int(60), 500 + int(2500)]);
      const small = count > 60;
      const inner = encoding.createEncoder();
      // Now and then a count that does not match what follows, or trailing bytes.
      const declared = !valid && random() < 0.05 ? count + 1 : count;
      encoding.writeVarUint(inner, declared);
      for (let i = 0; i < count; i++) {
        const id = valid ? pick<{ id: number }>([{ id: int(2 ** 32) }, { id: int(2 ** 32) }, { id: pick([...own]) }, { id: 2 ** 53 - 1 }]) : clientId();
        if ('raw' in id) encoding.writeUint8Array(inner, id.raw);
        else encoding.writeVarUint(inner, id.id);
        encoding.writeVarUint(inner, pick([0, 1, int(1000), 2 ** 32 + int(10)]));
        const json = state(small, valid);
        if (typeof json === 'string') encoding.writeVarString(inner, json);
        else encoding.writeVarUint8Array(inner, json);
      }
      if (!valid && random() < 0.05) encoding.writeUint8Array(inner, bytes(3));
      const outer = encoding.createEncoder();
      encoding.writeVarUint(outer, MessageType.Awareness);
      encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner));
      return encoding.toUint8Array(outer);
    };

    const codes = new Map<number, number>();
    const BURSTS = 30;
    for (let burst = 0; burst < BURSTS; burst++) {
      const count = 1 + int(5);
      floodingSockets = count;
      const sockets = await Promise.all(
        Array.from({ length: count }, async () => {
          const socket = rawSocket(server.url, target);
          await socket.first((f) => f[0] === MessageType.Sync);
          return socket;
        }),
      );
      await Promise.all(
        sockets.map(async (socket) => {
          let open = true;
          void socket.closed.then(() => (open = false));
          const valid = random() < 0.6;
          for (let i = 1 + int(6); i > 0 && open; i--) socket.ws.send(frame(valid));
          // Frames are handled in order: the answer to a sync step 1 sent last means all were handled.
          if (open) socket.ws.send(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())));
          await Promise.race([socket.first((f) => f[0] === MessageType.Sync && f[1] === SyncStep.Step2), socket.closed]);
          socket.ws.close();
          const { code } = await socket.closed;
          codes.set(code, (codes.get(code) ?? 0) + 1);
        }),
      );
      // Every flooding socket has gone: its presence goes with it, for both bystanders.
      await Promise.all(
        [alice, bob].map(
          (client) =>
            new Promise<void>((resolve) => {
              const check = () => foreign(client).length === 0 && (client.provider.awareness.off('change', check), resolve());
              client.provider.awareness.on('change', check);
              check();
            }),
        ),
      );
      floodingSockets = 0;
      expect(problems, `burst ${burst}`).toEqual([]);
      // The server answers, and the room still relays edits between the bystanders.
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      alice.text.insert(0, `${burst} `);
      await whenText(bob, alice.text.toString());
    }

    // Floods were refused (4422 for what does not decode or is too large, 4429 for too many ids), never an internal error.
    expect([...codes.keys()].some((code) => code === CloseCode.UpdateRejected || code === CloseCode.RateLimited)).toBe(true);
    expect(codes.has(CloseCode.InternalError)).toBe(false);
    expect(codes.has(1006)).toBe(false);
    // And some of it was let through, within the limits, for the bystanders to read.
    expect(mostSeen).toBeGreaterThan(0);
    // A newcomer is answered at once, and the quiet document was never touched.
    const newcomer = connectClient(server.url, target);
    await whenSynced(newcomer);
    expect(newcomer.text.toString()).toBe(alice.text.toString());
    expect(bystander.text.toString()).toBe('Nobody floods this one.');
    expect(problems).toEqual([]);
    session.destroy();
  }, 60_000);
});

describe('layout fuzzing (an editor writes garbage into the annotations and labels maps)', async () => {
  const server = await startTestServer({ GLOSSA_SECRET: TEST_SECRET });
  const owner = await signToken({ sub: 'olga', name: 'Olga', role: 'owner' });
  const editor = await signToken({ sub: 'import-script', name: 'Import script', role: 'editor' });
  const text = 'The committee met in Almaty in 2009. 😀 The committee denied the claim. Refugees were expelled.';
  const target = await createDocument(server.url, text, 'layout', owner);
  const bystanderDoc = await createDocument(server.url, 'A document nobody writes garbage into.', 'bystander', owner);
  const { random, int, pick, bytes, unicode } = generator(SEED ^ 0x5bd1e995);

  const call = async (path: string, method = 'GET', body?: unknown) => {
    const res = await fetch(`${server.url}/api/documents${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${owner}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const raw = await res.text();
    let json: any;
    try {
      json = JSON.parse(raw);
    } catch {
      json = raw;
    }
    return { status: res.status, body: json, type: res.headers.get('content-type') ?? '' };
  };
  const keysOf = (entries: readonly DamagedEntry[]) => entries.map((d) => `${d.map}/${d.key}`).sort();

  it(`every reader answers, lists what is damaged, and keeps what is good (seed ${SEED})`, async () => {
    replayable('layout fuzzing');
    // Good annotations, made through commands, that must read back unchanged whatever happens.
    for (const [id, phrase] of [
      ['good1', 'committee met'],
      ['good2', 'Almaty'],
      ['good3', '😀 The'],
    ] as const) {
      const start = text.indexOf(phrase);
      expect((await call(`/${target}/annotations`, 'POST', { id, start, end: start + phrase.length, labels: ['claim'], comment: `On ${phrase}` })).status).toBe(
        201,
      );
    }
    const goodViews = (await call(`/${target}/annotations`)).body.annotations as AnnotationView[];
    const bystanderBefore = (await call(`/${bystanderDoc}/annotations`)).body;

    const raw = connectClient(server.url, target, { params: { token: editor }, savedAck: true });
    const refused = new Promise<never>((_, reject) =>
      raw.provider.on('connection-close', (event: { code: number; reason: string } | null) => {
        if (event && event.code >= 4000) reject(new Error(`the server closed the editor's socket: ${event.code} ${event.reason}`));
      }),
    );
    await whenSynced(raw);
    const session = new CollabSession({
      server: server.url,
      documentId: target,
      identity: identityFromToken(owner),
      token: owner,
      storage: new MemoryStorage(),
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    });
    const source = raw.doc.getText('source');
    const elsewhere = raw.doc.getText('elsewhere');
    elsewhere.insert(0, 'another shared type, written by the editor '.repeat(4));

    const keyPool = [
      ...Array.from({ length: 12 }, (_, i) => `g${i}`),
      '',
      '__proto__',
      'constructor',
      'toString',
      'a b',
      'x'.repeat(65),
      'x) {} * { color: red } ::highlight(y',
      '../x',
    ];
    // Keys go over the wire as UTF-8, where a lone surrogate becomes U+FFFD: the editor's replica
    // would then name its entry differently from everyone else's, so keys are written well formed.
    const wellFormed = (value: string) => value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
    const key = () => (random() < 0.8 ? pick(keyPool.slice(0, 12)) : random() < 0.5 ? pick(keyPool) : wellFormed(unicode(1 + int(10))));
    const anchor = (): Uint8Array => {
      const at = int(source.length);
      return pick<() => Uint8Array>([
        () => encodeAnchor(source, at, Math.min(source.length, at + 1 + int(10))).start,
        () => encodeAnchor(source, at, Math.min(source.length, at + 1 + int(10))).end,
        () => encodeAnchor(elsewhere, int(elsewhere.length), elsewhere.length).start,
        () => Y.encodeRelativePosition(Y.createRelativePositionFromJSON({ tname: pick(['made-up', 'annotations', 'source']), item: null, assoc: 0 })),
        () => bytes(int(24)),
        () => new Uint8Array([255, 255, 255, 255, 255, 255, 255, 255, 255, 1]),
      ])();
    };
    const plain = (depth: number): unknown => {
      const kind = int(depth > 2 ? 5 : 7);
      if (kind === 0) return unicode(int(24));
      if (kind === 1) return pick([0, -1, 1.5, 2 ** 53, -(2 ** 31), Number.MAX_VALUE]);
      if (kind === 2) return random() < 0.5;
      if (kind === 3) return pick([null, undefined]);
      if (kind === 4) return bytes(int(16));
      if (kind === 5) return Array.from({ length: int(4) }, () => plain(depth + 1) ?? null);
      // Keys that trip naive readers: prototype names, and the layout's own field names. (Not
      // `constructor`: Yjs itself refuses to write an object whose own constructor is not Object.
      // `__proto__` only with text: with an object or bytes it is an update the server must refuse
      // whole, which tests/integration/poisoned-update.test.ts is about.)
      const names = ['toString', 'valueOf', '__proto__', 'id', 'name', 'color', 'start', 'end', 'labels', 'author'];
      return Object.fromEntries(
        Array.from({ length: int(5) }, () => {
          const name = random() < 0.7 ? pick(names) : unicode(1 + int(6));
          return [name, name === '__proto__' ? unicode(3) : plain(depth + 1)];
        }),
      );
    };
    const field = (name: string, depth: number, right = 0.5): unknown => {
      // Right type and wrong type (about evenly by default), so entries are sometimes kept and sometimes damaged.
      if ((name === 'start' || name === 'end') && random() < 0.7) return anchor();
      if (name === 'labels' && random() < right)
        return Y.Array.from(
          Array.from({ length: int(4) }, () => (random() < 0.5 ? pick(['claim', 'place', 'g1', unicode(3)]) : (plain(2) ?? null))) as never[],
        );
      if (name === 'comments' && random() < right) {
        return Y.Array.from(
          Array.from({ length: int(3) }, () => {
            if (random() < 1 - right) return (plain(2) ?? null) as never;
            const comment = new Y.Map<unknown>();
            for (const f of ['id', 'author', 'body', 'createdAt', 'editedAt', 'deleted'])
              if (random() < 0.7) comment.set(f, random() < 0.5 ? plain(2) : pick(['c1', 'text', true, '2026-11-28T12:00:00.000Z']));
            return comment as never;
          }),
        );
      }
      return value(depth + 1);
    };
    const value = (depth: number): unknown => {
      const kind = int(depth > 1 ? 4 : 9);
      if (kind < 4) return plain(depth);
      if (kind === 4) return Y.Array.from(Array.from({ length: int(4) }, () => plain(2) ?? null) as never[]);
      if (kind === 5) return new Y.Text(unicode(int(20)));
      if (kind === 6) {
        const nested = new Y.Map<unknown>();
        for (let i = int(4); i > 0; i--) nested.set(unicode(1 + int(4)), value(depth + 1));
        return nested;
      }
      return shaped(depth, false);
    };
    /**
     * A Y.Map shaped like an annotation (or a label), each field right or wrong. `anchored`: with
     * a good anchor and mostly well-typed lists, so that it is shown and every other field, of
     * whatever type, must be read safely.
     */
    const shaped = (depth: number, anchored: boolean): Y.Map<unknown> => {
      const map = new Y.Map<unknown>();
      for (const name of [
        'id',
        'quote',
        'prefix',
        'suffix',
        'labels',
        'author',
        'createdAt',
        'status',
        'resolvedBy',
        'resolvedAt',
        'comments',
        'name',
        'color',
        'description',
        'archived',
      ]) {
        if (random() < 0.75) map.set(name, field(name, depth, anchored ? 0.9 : 0.5));
      }
      if (anchored) {
        const at = int(source.length);
        const good = encodeAnchor(source, at, Math.min(source.length, at + 1 + int(12)));
        map.set('start', good.start);
        map.set('end', good.end);
      } else {
        for (const name of ['start', 'end']) if (random() < 0.75) map.set(name, field(name, depth));
      }
      return map;
    };

    let removals = 0;
    const seen = { damaged: 0, kept: 0 };
    const ROUNDS = 25;
    for (let round = 0; round < ROUNDS; round++) {
      raw.doc.transact(() => {
        for (let i = 1 + int(8); i > 0; i--) {
          if (random() < 0.4) raw.doc.getMap('labels').set(key(), value(0));
          else raw.doc.getMap('annotations').set(key(), random() < 0.3 ? shaped(0, true) : value(0));
        }
      });
      await Promise.race([raw.saved!.whenSaved(), refused]);
      // Now and then another editor's client writes a value that would not encode again (a
      // `__proto__` key holding bytes or an object, anywhere in a value): refused whole, nothing applied.
      if (random() < 0.2) {
        const poisoner = connectClient(server.url, target, { params: { token: editor } });
        await whenSynced(poisoner);
        const closed = whenClosed(poisoner);
        const poison = Object.fromEntries([
          ['__proto__', random() < 0.5 ? bytes(1 + int(8)) : { a: plain(2) ?? null }],
          ['k', 1],
        ]);
        const nested = pick<(v: unknown) => unknown>([(v) => v, (v) => [1, v], (v) => ({ deeper: { v } })])(poison);
        const map = poisoner.doc.getMap(pick(['annotations', 'labels']));
        if (random() < 0.5) map.set(key(), nested);
        else {
          const shapedPoison = shaped(0, true);
          shapedPoison.set(pick(['author', 'quote', 'resolvedBy']), nested);
          map.set(key(), shapedPoison);
        }
        expect((await closed).code, `round ${round}`).toBe(CloseCode.UpdateRejected);
        poisoner.destroy();
      }
      // What the editor's replica says must be damaged and shown: the server's readers must agree.
      const damaged = keysOf(findDamaged(raw.doc));
      const shown = readAnnotations(raw.doc).map((a) => a.id);
      // Map order is insertion order, which differs between replicas: labels are compared as a set.
      const labels = readLabels(raw.doc)
        .map((l) => l.id)
        .sort();
      seen.damaged += damaged.length;
      seen.kept += shown.length - goodViews.length;

      const listed = await call(`/${target}/annotations`);
      expect(listed.status, `round ${round}: ${JSON.stringify(listed.body).slice(0, 300)}`).toBe(200);
      expect(keysOf(listed.body.damaged), `round ${round}`).toEqual(damaged);
      expect(
        listed.body.annotations.map((a: AnnotationView) => a.id),
        `round ${round}`,
      ).toEqual(shown);
      expect(listed.body.labels.map((l: { id: string }) => l.id).sort(), `round ${round}`).toEqual(labels);
      for (const good of goodViews)
        expect(
          listed.body.annotations.find((a: AnnotationView) => a.id === good.id),
          `round ${round}`,
        ).toEqual(good);
      for (const a of listed.body.annotations as AnnotationView[]) {
        expect(a.id).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
        expect(a.start).toBeLessThanOrEqual(a.end);
        expect(a.end).toBeLessThanOrEqual(text.length);
        for (const name of [a.quote, a.prefix, a.suffix, a.createdAt, a.author.id, a.author.name]) expect(typeof name).toBe('string');
        expect(isHexColor(a.author.color)).toBe(true);
      }
      const w3c = await call(`/${target}/annotations?format=w3c`);
      expect(w3c.status, `round ${round}`).toBe(200);
      expect(w3c.body.items ?? w3c.body.first?.items).toHaveLength(shown.length);
      const csv = await call(`/${target}/annotations?format=csv`);
      expect(csv.status, `round ${round}`).toBe(200);
      expect(csv.type).toContain('text/csv');
      const list = await call('');
      expect(list.status, `round ${round}`).toBe(200);
      expect(list.body.documents.map((d: { id: string }) => d.id)).toContain(target);
      const one = await call(`/${target}`);
      expect(one.status, `round ${round}`).toBe(200);
      expect(one.body.text).toBe(text);
      // Reading or changing a damaged annotation by its id is refused plainly; a good one still reads.
      const damagedId = findDamaged(raw.doc).find((d) => d.map === 'annotations' && /^[A-Za-z0-9_-]{1,64}$/.test(d.key))?.key;
      if (damagedId) {
        expect((await call(`/${target}/annotations/${damagedId}`)).status).toBe(409);
        expect((await call(`/${target}/annotations/${damagedId}`, 'PATCH', { status: 'resolved' })).status).toBe(409);
      }
      expect((await call(`/${target}/annotations/good1`)).status).toBe(200);

      // The annotator's session, once it has what the editor wrote, reads the same.
      const stateOf = (doc: Y.Doc) => JSON.stringify([...Y.decodeStateVector(Y.encodeStateVector(doc))].sort());
      await whenDoc(session.doc, (doc) => stateOf(doc) === stateOf(raw.doc));
      expect(keysOf(session.damaged)).toEqual(damaged);
      expect(session.annotations.map((a) => a.id)).toEqual(shown);
      expect(session.labels.map((l) => l.id).sort()).toEqual(labels);

      // Now and then, and at the end, the owner removes what is damaged: the good stays.
      if (random() < 0.4 || round === ROUNDS - 1) {
        removals++;
        const removed = await call(`/${target}/commands`, 'POST', { type: 'document.removeDamaged' });
        expect(removed.status, `round ${round}`).toBe(damaged.length > 0 ? 201 : 200);
        expect(keysOf(removed.body.result.removed)).toEqual(damaged);
        const after = await call(`/${target}/annotations`);
        expect(after.body.damaged).toEqual([]);
        for (const good of goodViews) expect(after.body.annotations.find((a: AnnotationView) => a.id === good.id)).toEqual(good);
        await whenDoc(raw.doc, (doc) => findDamaged(doc).length === 0);
      }
    }
    // Both kinds came up: entries readers must skip, and raw entries good enough to show.
    expect(removals).toBeGreaterThan(0);
    expect(seen.damaged).toBeGreaterThan(0);
    expect(seen.kept).toBeGreaterThan(0);
    // The document next to it never saw any of it.
    expect((await call(`/${bystanderDoc}/annotations`)).body).toEqual(bystanderBefore);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    session.destroy();
  }, 60_000);
});
