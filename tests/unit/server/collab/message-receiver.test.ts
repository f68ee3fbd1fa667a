// What a room is handed of a client's frames: only what passes the checks, and a reconnecting
// client's edits after the answer they build on, in the order it sent them.

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { pino } from 'pino';
import { CloseCode } from '../../../../shared/protocol/close-codes.js';
import { encodeSyncStep1, encodeSyncStep2, encodeSyncUpdate } from '../../../../shared/protocol/messages.js';
import type { Role } from '../../../../shared/model/types.js';
import type { CollabSocket } from '../../../../server/collab/collab-socket.js';
import { Connection } from '../../../../server/collab/connection.js';
import { MessageReceiver, type MessageTarget } from '../../../../server/collab/message-receiver.js';
import type { SyncAnswer } from '../../../../server/collab/doc-content.js';

/** The socket end of a connection: what was closed, and with what. */
class SocketEnd implements CollabSocket {
  closedWith: { code: number; reason: string } | null = null;
  readonly bufferedAmount = 0;
  send(): void {}
  close(code: number, reason: string): void {
    this.closedWith = { code, reason };
  }
  pause(): void {}
  resume(): void {}
}

/** A room that notes what it was handed. */
class NotingRoom implements MessageTarget {
  readonly documentId = 'report';
  readonly closing = false;
  storedBytes = 0;
  readonly handed: string[] = [];
  readonly content = {
    apply: (update: Uint8Array) => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, update);
      this.handed.push(doc.getText('source').toString());
    },
    stateVector: () => Y.encodeStateVector(new Y.Doc()),
    answer: (): Promise<SyncAnswer> => Promise.resolve({ messages: [] }),
  };
  readonly presence = { receive: () => undefined, query: () => undefined };
  // The answer to a sync step 1 waits for what came before it to be stored: asked here, first.
  whenDurable(): Promise<void> {
    this.handed.push('sync step 1');
    return new Promise(() => {});
  }
  acknowledge(): void {}
}

function connect(role: Role = 'editor'): { connection: Connection; socket: SocketEnd } {
  const socket = new SocketEnd();
  const limits = { messagesPerSecond: 1_000, bytesPerSecond: 1_000_000 };
  const connection = new Connection(socket, { wantsSavedAck: false, slowClientBufferBytes: 1_000_000, role, identity: null, limits });
  return { connection, socket };
}

/** Updates that each set the text to `words`, from fresh documents (no update builds on another). */
const edit = (words: string): Uint8Array => {
  const doc = new Y.Doc();
  doc.getText('source').insert(0, words);
  return Y.encodeStateAsUpdate(doc);
};

const limits = { maxMessageBytes: 10_000, documentStateBytes: 100_000 };

describe('MessageReceiver', () => {
  it('hands a reconnecting client’s edits on after its answer to the sync step 1, in the order sent', () => {
    const room = new NotingRoom();
    const receiver = new MessageReceiver(room, limits, pino({ level: 'silent' }));
    const { connection } = connect();
    receiver.holdUntilAnswered(connection);

    receiver.receive(connection, encodeSyncStep1(Y.encodeStateVector(new Y.Doc())));
    receiver.receive(connection, encodeSyncUpdate(edit('made after reconnecting')));
    receiver.receive(connection, encodeSyncUpdate(edit('and another')));
    expect(room.handed).toEqual(['sync step 1']);

    receiver.receive(connection, encodeSyncStep2(edit('made while away')));
    expect(room.handed).toEqual(['sync step 1', 'made while away', 'made after reconnecting', 'and another']);
    receiver.receive(connection, encodeSyncUpdate(edit('later')));
    expect(room.handed.at(-1)).toBe('later');
  });

  it('lets the held edits of a client that never answers through in order when released', () => {
    const room = new NotingRoom();
    const receiver = new MessageReceiver(room, limits, pino({ level: 'silent' }));
    const { connection } = connect();
    receiver.holdUntilAnswered(connection);
    receiver.receive(connection, encodeSyncUpdate(edit('first')));
    receiver.receive(connection, encodeSyncUpdate(edit('second')));
    receiver.release(connection);
    expect(room.handed).toEqual(['first', 'second']);
  });

  it('refuses what a room must not take, with the documented close codes, and hands it nothing', () => {
    const room = new NotingRoom();
    const receiver = new MessageReceiver(room, limits, pino({ level: 'silent' }));
    const cases: [Role, Uint8Array, CloseCode][] = [
      ['editor', new Uint8Array(limits.maxMessageBytes + 1), CloseCode.MessageTooBig],
      ['editor', new Uint8Array([0, 2, 5, 1]), CloseCode.MalformedMessage],
      ['editor', new Uint8Array([42]), CloseCode.UnknownMessageType],
      ['commenter', encodeSyncUpdate(edit('a commenter writing the text')), CloseCode.ReadOnly],
    ];
    for (const [role, frame, code] of cases) {
      const { connection, socket } = connect(role);
      receiver.receive(connection, frame);
      expect(socket.closedWith?.code).toBe(code);
    }
    room.storedBytes = limits.documentStateBytes;
    const { connection, socket } = connect();
    receiver.receive(connection, encodeSyncUpdate(edit('one byte too many')));
    expect(socket.closedWith?.code).toBe(CloseCode.DocumentTooLarge);
    expect(room.handed).toEqual([]);
  });
});
