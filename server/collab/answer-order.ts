// Edits relayed to a client while the answer to its sync step 1 is being worked out go after that
// answer: sent before, they would build on what only the answer brings, and a Yjs client holds such
// updates back and re-merges them at every update that follows (see sync-handshake.ts).

import { CloseCode } from '../../shared/protocol/close-codes.js';
import { type OutboundMessage, messageSize } from './collab-socket.js';
import { type ContentMark, covers } from './merge/index.js';

/** An edit waiting for the sync answer ahead of it. */
interface HeldRelay {
  message: OutboundMessage;
  mark: ContentMark | undefined;
}

/** The connection the edits and answers go out on. */
export interface Outbox {
  readonly closed: boolean;
  /** Bytes already waiting in the socket. */
  readonly buffered: number;
  readonly options: { readonly slowClientBufferBytes: number };
  send(message: OutboundMessage): void;
  sendAll(messages: readonly OutboundMessage[]): void;
  close(code: CloseCode): void;
}

export class AnswerOrder {
  /** Answers being worked out, and the edits that wait for them; null while none is due. */
  private waiting: { answers: number; messages: HeldRelay[]; bytes: number } | null = null;
  /** Joined, and its first sync step 1 not yet received. */
  private unasked = false;

  constructor(private readonly out: Outbox) {}

  /**
   * Joined a room: relayed edits wait for the answer to the client's first sync step 1, which a
   * stock provider sends as it opens (see `notAsked` for one that does not).
   */
  expectAsk(): void {
    this.unasked = true;
    this.waiting = { answers: 1, messages: [], bytes: 0 };
  }

  /** The room stopped waiting for the client's first sync step 1: relayed edits go to it from now on. */
  notAsked(): void {
    if (!this.unasked) return;
    this.unasked = false;
    this.answer([]);
  }

  /** The client sent sync step 1: relayed edits wait for the answer (see `answer`). */
  asked(): void {
    if (this.unasked) this.unasked = false;
    else if (this.waiting) this.waiting.answers += 1;
    else this.waiting = { answers: 1, messages: [], bytes: 0 };
  }

  /**
   * Sends the answer to a sync step 1 (none if it could not be worked out), then the edits relayed
   * meanwhile, less those the answer already holds (`through`: the content it was worked out from).
   */
  answer(messages: readonly OutboundMessage[], through?: ContentMark): void {
    this.out.sendAll(messages);
    const waiting = this.waiting;
    if (!waiting) return;
    this.waiting = waiting.answers > 1 ? { answers: waiting.answers - 1, messages: [], bytes: 0 } : null;
    this.out.sendAll(waiting.messages.filter(({ mark }) => !covers(through, mark)).map(({ message }) => message));
  }

  /** Sends an edit made elsewhere (`mark`: where it ends in the room's content): at once, or after the sync answer being worked out. */
  relay(message: OutboundMessage, mark?: ContentMark): void {
    const waiting = this.waiting;
    if (!waiting || this.out.closed) return this.out.send(message);
    waiting.messages.push({ message, mark });
    waiting.bytes += messageSize(message);
    // Held here or in the socket's buffer, it is the same backlog of a client that cannot keep up.
    if (waiting.bytes + this.out.buffered > this.out.options.slowClientBufferBytes) this.out.close(CloseCode.Resync);
  }

  /** The connection closed: nothing more is sent. */
  clear(): void {
    this.waiting = null;
  }
}
