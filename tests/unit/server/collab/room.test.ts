// One open document as its clients see it: an edit reaches the others only once it is stored, the
// writer is told it is saved, presence goes to everyone, the server's own changes go out like a
// client's, and the room says when the last client has left.

import path from 'node:path';
import { pino } from 'pino';
import * as awarenessProtocol from 'y-protocols/awareness';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  decodeClientMessage,
  decodeSavedMessage,
  encodeAwarenessMessage,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
} from '../../../../shared/protocol/messages.js';
import { type CollabSocket, type OutboundMessage, messageBytes } from '../../../../server/collab/collab-socket.js';
import { Connection } from '../../../../server/collab/connection.js';
import { Room, type RoomEvents } from '../../../../server/collab/room.js';
import { SqliteStore } from '../../../../server/storage/sqlite/sqlite-store.js';
import { testRoomOptions } from '../../../support/room-options.js';
import { tempDir } from '../../../support/temp-dir.js';

const log = pino({ level: 'silent' });
const dir = tempDir('glossa-room-');
let files = 0;
const opened: { room: Room; store: SqliteStore }[] = [];

afterEach(async () => {
  for (const { room, store } of opened.splice(0)) {
    await room.close({ compact: false });
    await store.close();
  }
});

const options = testRoomOptions(log);

/** A stock client at the socket's far end: a Y.Doc that takes what the room sends, and the Saved messages it got. */
class Client implements CollabSocket {
  readonly doc = new Y.Doc();
  readonly saved: Uint8Array[] = [];
  readonly presence = new awarenessProtocol.Awareness(new Y.Doc());
  readonly connection: Connection;
  bufferedAmount = 0;
  closedWith: number | null = null;

  constructor(wantsSavedAck = false) {
    const limits = { messagesPerSecond: 1_000, bytesPerSecond: 1 << 24 };
    this.connection = new Connection(this, { wantsSavedAck, slowClientBufferBytes: 1 << 24, role: 'editor', identity: null, limits });
  }

  send(message: OutboundMessage): void {
    const bytes = messageBytes(message);
    const saved = decodeSavedMessage(bytes);
    if (saved) return void this.saved.push(saved);
    const decoded = decodeClientMessage(bytes);
    if (decoded.type === 'sync-update') Y.applyUpdate(this.doc, decoded.update, 'room');
    else if (decoded.type === 'awareness') awarenessProtocol.applyAwarenessUpdate(this.presence, decoded.update, 'room');
  }
  close(code: number): void {
    this.closedWith = code;
    this.connection.socketClosed(code);
  }
  pause(): void {}
  resume(): void {}

  /** What a stock provider sends as it opens: its sync step 1, and its answer to the room's. */
  open(): void {
    this.connection.receive(encodeSyncStep1(Y.encodeStateVector(this.doc)));
    this.connection.receive(encodeSyncStep2(Y.encodeStateAsUpdate(this.doc)));
  }

  /** Makes an edit and sends it, as a provider does on each local change. */
  edit(change: (doc: Y.Doc) => void): void {
    const before = Y.encodeStateVector(this.doc);
    change(this.doc);
    this.connection.receive(encodeSyncUpdate(Y.encodeStateAsUpdate(this.doc, before)));
  }
}

async function openRoom(text = 'A report.') {
  const store = new SqliteStore(path.join(dir, `room-${files++}.db`));
  const seed = new Y.Doc();
  seed.getText('source').insert(0, text);
  await store.createDocument({ id: 'report', title: 'Report', sourceBytes: text.length, state: Y.encodeStateAsUpdate(seed) });
  const events = { empty: 0 };
  const handlers: RoomEvents = { onEmpty: () => void (events.empty += 1), onGone: () => undefined };
  const room = new Room('report', (await store.loadState('report'))!, store, options, handlers, log);
  opened.push({ room, store });
  const join = (client: Client) => {
    room.join(client.connection);
    client.open();
    return client;
  };
  return { room, store, events, join };
}

/** Lets the answers to sync step 1, which wait for what came before to be stored, go out. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('Room', () => {
  it('sends a new client the document, relays an edit to the others only once it is stored, and tells the writer it is saved', async () => {
    const { room, store, join } = await openRoom();
    const writer = join(new Client(true));
    const reader = join(new Client());
    await settle();
    expect(reader.doc.getText('source').toString()).toBe('A report.');

    writer.edit((doc) => doc.getMap('annotations').set('a1', { quote: 'report', labels: ['claim'] }));
    const rowsBefore = (await store.loadState('report'))!.updates.length;
    expect(reader.doc.getMap('annotations').has('a1')).toBe(false);
    await room.whenDurable();
    expect((await store.loadState('report'))!.updates.length).toBe(rowsBefore + 1);
    expect(reader.doc.getMap('annotations').get('a1')).toEqual({ quote: 'report', labels: ['claim'] });
    expect(writer.saved.at(-1)).toEqual(Y.encodeStateVector(writer.doc));
  });

  it('sends what the server itself changes to every client, stored first', async () => {
    const { room, store, join } = await openRoom();
    const clients = [join(new Client()), join(new Client())];
    await settle();
    room.doc.getMap('labels').set('evidence', { name: 'Evidence', color: '#2266aa' });
    await room.whenDurable();
    for (const client of clients) expect(client.doc.getMap('labels').get('evidence')).toEqual({ name: 'Evidence', color: '#2266aa' });
    const stored = new Y.Doc();
    const state = (await store.loadState('report'))!;
    for (const update of [state.snapshot!, ...state.updates]) Y.applyUpdate(stored, update);
    expect(stored.getMap('labels').get('evidence')).toEqual({ name: 'Evidence', color: '#2266aa' });
  });

  it('shows each client’s presence to the others, withdraws it when it leaves, and says when the last one has gone', async () => {
    const { join, events } = await openRoom();
    const ana = join(new Client());
    const ben = join(new Client());
    await settle();
    const presence = new awarenessProtocol.Awareness(ana.doc);
    presence.setLocalState({ user: { name: 'Ana' } });
    ana.connection.receive(encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(presence, [ana.doc.clientID])));
    expect(ben.presence.getStates().get(ana.doc.clientID)).toEqual({ user: { name: 'Ana' } });

    ana.close(1000);
    expect(ben.presence.getStates().has(ana.doc.clientID)).toBe(false);
    expect(events.empty).toBe(0);
    ben.close(1000);
    expect(events.empty).toBe(1);
  });
});
