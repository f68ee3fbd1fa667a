// A client joining a room, in the order that keeps every client's document whole. The room sends
// its sync step 1 and the client answers with what it made while away; the client sends its own
// sync step 1 and the room answers what it lacks. Edits either side makes meanwhile build on what
// only those answers bring, so each waits for the answer ahead of it: the client's edits are held
// by the receiver, and others' edits by the connection (see AnswerOrder).

import { CloseCode } from '../../shared/protocol/close-codes.js';
import { encodeSyncStep1 } from '../../shared/protocol/messages.js';
import type { Logger } from '../logger.js';
import { messageSize } from './collab-socket.js';
import type { Connection } from './connection.js';
import type { RoomContent } from './room-content.js';
import { sendTurns } from './send-turns.js';

// A client that has not answered our sync step 1 this long after joining (not a stock provider)
// stops being waited for.
const ANSWER_WAIT_MS = 1_000;

/** What the handshake needs of the room. */
export interface HandshakeRoom {
  readonly documentId: string;
  /** The room is closing: nothing more is sent. */
  readonly closing: boolean;
  readonly content: Pick<RoomContent, 'stateVector' | 'answer'>;
  /** Resolves once everything received is stored: an answer never carries what is not. */
  whenDurable(): Promise<void>;
}

/** Where a client's edits wait for its answer to our sync step 1 (the message receiver). */
export interface HeldEdits {
  holdUntilAnswered(connection: Connection): void;
  release(connection: Connection): void;
}

/** Opens the exchange with a client that just joined. */
export function beginHandshake(room: HandshakeRoom, held: HeldEdits, connection: Connection): void {
  held.holdUntilAnswered(connection);
  setTimeout(() => stopWaiting(room, held, connection), ANSWER_WAIT_MS).unref();
  connection.order.expectAsk();
  connection.send(encodeSyncStep1(room.content.stateVector()));
}

/** Answers a client's sync step 1 once everything already received is durable, so nothing unsaved is relayed. */
export function answerSyncStep1(room: HandshakeRoom, log: Logger, connection: Connection, clientVector: Map<number, number>, encodedVector: Uint8Array): void {
  connection.order.asked();
  const open = () => !connection.closed && !room.closing;
  void room
    .whenDurable()
    .then(() => (open() ? room.content.answer(connection, clientVector, encodedVector) : null))
    .then(
      (answer) => {
        const messages = answer?.messages ?? [];
        const bytes = messages.reduce((sum, message) => sum + messageSize(message), 0);
        sendTurns.send(bytes, () => {
          if (open()) connection.order.answer(messages, answer?.through);
        });
      },
      (error: unknown) => {
        log.error({ err: error, documentId: room.documentId, connection: connection.id }, 'could not answer sync step 1');
        connection.close(CloseCode.InternalError, 'the document could not be read; reconnect to try again');
      },
    );
}

/** A client that never answered: its held edits go ahead in order, and others' reach it without waiting for it to ask. */
function stopWaiting(room: HandshakeRoom, held: HeldEdits, connection: Connection): void {
  connection.order.notAsked();
  if (connection.closed || room.closing) connection.heldUpdates = null;
  else held.release(connection);
}
