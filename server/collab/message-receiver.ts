// What a client sends a room, checked and handed on: a frame is decoded, an update must decode
// fully, come from an editor, encode again and fit the document's size limit, and edits a client
// sends before answering the room's sync step 1 wait for that answer (see sync-handshake.ts). What each
// message does to the document is the room's (MessageTarget); a refusal closes the connection with
// a documented code.

import * as Y from 'yjs';
import { CloseCode } from '../../shared/protocol/close-codes.js';
import { type ClientMessage, MessageDecodeError, decodeClientMessage } from '../../shared/protocol/messages.js';
import { atLeast } from '../../shared/model/permissions.js';
import { unencodableValue } from '../../shared/protocol/update-values.js';
import type { Logger } from '../logger.js';
import type { Connection } from './connection.js';
import { AwarenessRefusal } from './awareness-guard.js';
import { type HandshakeRoom, type HeldEdits, answerSyncStep1, beginHandshake } from './sync-handshake.js';
import type { RoomContent } from './room-content.js';
import type { RoomPresence } from './room-presence.js';

type SyncUpdate = Extract<ClientMessage, { type: 'sync-update' }>;

// A stock provider's edits made after it reconnects, before its answer to our sync step 1: held
// for that answer, one round trip (see holdUntilAnswered).
const MAX_HELD_UPDATES = 256;

/** What a room does with each message once it has been checked. */
export interface MessageTarget extends HandshakeRoom {
  /** What the document holds: an update may not take it past the limit. */
  readonly storedBytes: number;
  /** Where a checked, non-empty update from an editor is applied. */
  readonly content: Pick<RoomContent, 'apply' | 'stateVector' | 'answer'>;
  readonly presence: Pick<RoomPresence, 'receive' | 'query'>;
  /** The client asked to be told once what it sent so far is stored. */
  acknowledge(connection: Connection): void;
}

export interface ReceiverLimits {
  maxMessageBytes: number;
  documentStateBytes: number;
}

export class MessageReceiver implements HeldEdits {
  constructor(
    private readonly target: MessageTarget,
    private readonly limits: ReceiverLimits,
    private readonly log: Logger,
  ) {}

  /** A client joined: the sync handshake begins. */
  greet(connection: Connection): void {
    beginHandshake(this.target, this, connection);
  }

  receive(connection: Connection, data: Uint8Array): void {
    if (data.byteLength > this.limits.maxMessageBytes) {
      connection.close(CloseCode.MessageTooBig, `limit is ${this.limits.maxMessageBytes} bytes`);
      return;
    }
    let message: ClientMessage;
    try {
      message = decodeClientMessage(data);
    } catch (error) {
      const unknown = error instanceof MessageDecodeError && error.kind === 'unknown-type';
      connection.close(unknown ? CloseCode.UnknownMessageType : CloseCode.MalformedMessage, (error as Error).message);
      return;
    }
    this.handleCaught(connection, message);
  }

  /**
   * A stock provider sends each edit as it is made, but what it made while away only in its answer
   * to our sync step 1: the edits it sends in between reach past a gap, and would be stored and
   * relayed before what they build on (every client then holds them back and re-merges them at each
   * update that follows). They wait for that answer, or for `release`.
   */
  holdUntilAnswered(connection: Connection): void {
    connection.heldUpdates = [];
  }

  /** Stops holding the connection's edits (a client that never answers): what waited goes ahead in order. */
  release(connection: Connection): void {
    const held = connection.heldUpdates;
    connection.heldUpdates = null;
    if (!held) return;
    for (const update of held) if (!connection.closed) this.handleCaught(connection, update);
  }

  /** Handles a message, closing the connection if it was refused. */
  private handleCaught(connection: Connection, message: ClientMessage): void {
    try {
      this.handle(connection, message);
    } catch (error) {
      if (error instanceof AwarenessRefusal) {
        this.log.warn({ documentId: this.target.documentId, connection: connection.id, reason: error.message }, 'refused awareness update');
        connection.close(error.code, error.message);
        return;
      }
      // The log keeps Yjs's own words; the client gets the documented ones (docs/protocol.md).
      this.log.warn({ err: error, documentId: this.target.documentId, connection: connection.id }, 'rejected client message');
      connection.close(CloseCode.UpdateRejected, 'not a Yjs update this document can take; it was not applied');
    }
  }

  private handle(connection: Connection, message: ClientMessage): void {
    switch (message.type) {
      case 'sync-step-1':
        // Decoding first: a bad state vector is the sender's error, not a failure later.
        answerSyncStep1(this.target, this.log, connection, Y.decodeStateVector(message.stateVector), message.stateVector);
        return;
      case 'sync-update':
        if (this.held(connection, message)) return;
        this.update(connection, message);
        return;
      case 'awareness':
        this.target.presence.receive(connection, message.update);
        return;
      case 'query-awareness':
        this.target.presence.query(connection);
        return;
    }
  }

  /** Holds an edit that came before the client's answer to our sync step 1; with the answer, lets everything through in order. */
  private held(connection: Connection, message: SyncUpdate): boolean {
    const held = connection.heldUpdates;
    if (!held) return false;
    if (message.step === 'update' && held.length < MAX_HELD_UPDATES) {
      held.push(message);
      return true;
    }
    connection.heldUpdates = null;
    // The answer first (it fills the gap), then what waited; past the bound, all in order.
    if (message.step === 'step-2') this.update(connection, message);
    for (const update of held) this.update(connection, update);
    if (message.step !== 'step-2') this.update(connection, message);
    return true;
  }

  private update(connection: Connection, message: SyncUpdate): void {
    // Y.applyUpdate reads the delete set only after integrating structs, so a truncated
    // update could be half applied; decoding it fully first rejects it untouched.
    const decoded = Y.decodeUpdate(message.update);
    const empty = decoded.structs.length === 0 && decoded.ds.clients.size === 0;
    if (!empty && !atLeast(connection.role, 'editor')) {
      // Untrusted peers never write to the authoritative document; they use commands.
      this.log.warn({ documentId: this.target.documentId, connection: connection.id, role: connection.role }, 'refused update from read-only role');
      connection.close(CloseCode.ReadOnly, `a ${connection.role} may not change the document; the update was not applied`);
      return;
    }
    // A value that would not encode again (an object with a `__proto__` key) would leave a
    // document nobody can open: refused whole, before anything of it is applied or relayed.
    const unencodable = empty ? null : unencodableValue(decoded);
    if (unencodable) {
      this.log.warn(
        { documentId: this.target.documentId, connection: connection.id, problem: unencodable },
        'refused update: a value that cannot be encoded again',
      );
      connection.close(CloseCode.UpdateRejected, 'a value in the update cannot be stored as written; it was not applied');
      return;
    }
    const storedBytes = this.target.storedBytes;
    if (storedBytes + message.update.byteLength > this.limits.documentStateBytes) {
      this.log.warn({ documentId: this.target.documentId, connection: connection.id, storedBytes }, 'refused update: document too large');
      connection.close(CloseCode.DocumentTooLarge, `the document may not grow past ${this.limits.documentStateBytes} bytes`);
      return;
    }
    // An empty update is a fresh client answering our sync step 1.
    if (!empty) this.target.content.apply(message.update, decoded, connection);
    if (connection.options.wantsSavedAck) this.target.acknowledge(connection);
  }
}
