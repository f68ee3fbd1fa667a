// Which documents are open: every client of a document that is loading waits for the same load, a
// document nobody is on is written out and let go after a grace period, and a stop stores what is
// pending and sends every client away with a code it reconnects after.

import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../../../shared/protocol/close-codes.js';
import { encodeSyncStep1, encodeSyncStep2, encodeSyncUpdate } from '../../../../shared/protocol/messages.js';
import type { CollabSocket } from '../../../../server/collab/collab-socket.js';
import { Connection } from '../../../../server/collab/connection.js';
import { docFromStoredState } from '../../../../server/collab/merge/index.js';
import { RoomRegistry, type RoomRegistryOptions } from '../../../../server/collab/room-registry.js';
import { SqliteStore } from '../../../../server/storage/sqlite/sqlite-store.js';
import { testRoomOptions } from '../../../support/room-options.js';
import { tempDir } from '../../../support/temp-dir.js';

const log = pino({ level: 'silent' });
const dir = tempDir('glossa-registry-');
let files = 0;
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const options = (idleMs: number): RoomRegistryOptions => ({ ...testRoomOptions(log), idleMs });

/** A socket end that only notes how it was closed. */
class SocketEnd implements CollabSocket {
  closedWith: number | null = null;
  readonly bufferedAmount = 0;
  constructor(private readonly connection: () => Connection) {}
  send(): void {}
  close(code: number): void {
    this.closedWith = code;
    this.connection().socketClosed(code);
  }
  pause(): void {}
  resume(): void {}
}

function client(): { connection: Connection; socket: SocketEnd } {
  const limits = { messagesPerSecond: 1_000, bytesPerSecond: 1 << 24 };
  let connection: Connection | null = null;
  const socket = new SocketEnd(() => connection!);
  connection = new Connection(socket, { wantsSavedAck: false, slowClientBufferBytes: 1 << 24, role: 'editor', identity: null, limits });
  return { connection, socket };
}

async function openRegistry(idleMs = 60_000) {
  const store = new SqliteStore(join(dir, `registry-${files++}.db`));
  const seed = new Y.Doc();
  seed.getText('source').insert(0, 'A report.');
  await store.createDocument({ id: 'report', title: 'Report', sourceBytes: 9, state: Y.encodeStateAsUpdate(seed) });
  let loads = 0;
  const counting = Object.create(store) as SqliteStore;
  counting.loadState = (id: string) => {
    loads += 1;
    return store.loadState(id);
  };
  const rooms = new RoomRegistry(counting, options(idleMs), log);
  cleanups.push(
    () => store.close(),
    () => rooms.close(),
  );
  return { store, rooms, loads: () => loads };
}

/** An edit as a stock provider sends it, after answering the room's sync step 1. */
function sendEdit(connection: Connection, text: string): void {
  const doc = new Y.Doc();
  connection.receive(encodeSyncStep1(Y.encodeStateVector(doc)));
  connection.receive(encodeSyncStep2(Y.encodeStateAsUpdate(doc)));
  doc.getMap('annotations').set(text, { quote: text });
  connection.receive(encodeSyncUpdate(Y.encodeStateAsUpdate(doc)));
}

describe('RoomRegistry', () => {
  it('loads a document once for every client that joins while it loads', async () => {
    const { rooms, loads } = await openRegistry();
    const joined = await Promise.all([client(), client(), client()].map(({ connection }) => rooms.join('report', connection)));
    expect(joined).toEqual([true, true, true]);
    expect(loads()).toBe(1);
    expect(rooms.connectionsOf('report')).toHaveLength(3);
  });

  it('answers false for a document that does not exist, and keeps nothing open for it', async () => {
    const { rooms } = await openRegistry();
    expect(await rooms.join('no-such-report', client().connection)).toBe(false);
    expect(rooms.isOpen('no-such-report')).toBe(false);
  });

  it('lets a document go once nobody has been on it for the grace period, with its log folded into a snapshot', async () => {
    const { rooms, store } = await openRegistry(20);
    const { connection, socket } = client();
    await rooms.join('report', connection);
    sendEdit(connection, 'claim');
    await rooms.loadedRoom('report')!.whenDurable();
    socket.close(1000);
    await expect.poll(() => rooms.isOpen('report')).toBe(false);
    await rooms.whenUnloaded('report');
    const stored = (await store.loadState('report'))!;
    expect(stored.updates).toHaveLength(0);
    expect(docFromStoredState(stored).getMap('annotations').has('claim')).toBe(true);
  });

  it('on a stop, stores what was received and sends every client away with 1012, which stock clients reconnect after', async () => {
    const { rooms, store } = await openRegistry();
    const { connection, socket } = client();
    await rooms.join('report', connection);
    sendEdit(connection, 'evidence');
    await rooms.close();
    expect(socket.closedWith).toBe(CloseCode.ServiceRestart);
    expect(
      docFromStoredState((await store.loadState('report'))!)
        .getMap('annotations')
        .has('evidence'),
    ).toBe(true);
    expect(rooms.stopping).toBe(true);
    expect(await rooms.join('report', client().connection)).toBe(false);
  });
});
