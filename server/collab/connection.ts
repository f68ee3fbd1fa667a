// One client's session in a room: ordered delivery of its frames, backpressure, and clean close.

import type { Role } from '../../shared/model/types.js';
import type { ClientMessage } from '../../shared/protocol/messages.js';
import { CloseCode, closeCodeMeaning } from '../../shared/protocol/close-codes.js';
import { type CollabSocket, type OutboundMessage } from './collab-socket.js';
import { AnswerOrder, type Outbox } from './answer-order.js';
import { RateBudget, type RateLimits } from './rate-budget.js';
import type { Authored } from './change-author.js';
import type { UpdateAuthor } from '../storage/history-store.js';

/** A person as shown to others in presence; set when the server knows who is connected. */
export interface ConnectionIdentity {
  id: string;
  name: string;
  color: string;
}

export interface ConnectionOptions {
  /** The client asked for Saved messages (`?ack=saved`). */
  wantsSavedAck: boolean;
  /** Outbound bytes tolerated before the client is closed with Resync. */
  slowClientBufferBytes: number;
  /** What the person may do; below editor, Yjs updates are refused. */
  role: Role;
  /** Verified identity, forced into the person's presence; null in open mode. */
  identity: ConnectionIdentity | null;
  limits: RateLimits;
}

/** What a connection hands its frames to once its room is loaded. */
export interface ConnectionSink {
  receive(connection: Connection, data: Uint8Array): void;
  leave(connection: Connection): void;
  /** The client has gone silent: its presence is withdrawn for everyone (but kept). */
  away(connection: Connection): void;
  /** The client was heard from again: its presence is shown again. */
  back(connection: Connection): void;
}

/**
 * A client over its rate is paced, not closed: its frames wait (in order) and the socket is not read
 * until the budget has room. One still over after this long without a rest is closed with 1013,
 * which a stock client retries; its sync on reconnect brings whatever was not read.
 */
const THROTTLED_FOR_MS = 10_000;

// WebSocket close reasons are limited to 123 bytes of UTF-8.
const MAX_REASON_BYTES = 123;

function clampReason(reason: string): string {
  const bytes = new TextEncoder().encode(reason);
  if (bytes.byteLength <= MAX_REASON_BYTES) return reason;
  return new TextDecoder().decode(bytes.slice(0, MAX_REASON_BYTES - 3)).replace(/\uFFFD$/, '') + '...';
}

let nextConnectionId = 1;

export class Connection implements Outbox, Authored {
  readonly id = nextConnectionId++;
  /** Awareness client ids this connection has announced; removed for everyone when it closes. */
  readonly awarenessIds = new Set<number>();
  private sink: ConnectionSink | null = null;
  // Frames that arrive while the room is still loading wait here, in order.
  private early: Uint8Array[] | null = [];
  private closedWith: number | null = null;
  private closedReason = '';
  // Grown by concat, which allocates the exact size; push would reserve room for 17 per socket.
  private closeListeners: readonly (() => void)[] = [];
  /** Its own budget, then (once shared) its person's: a frame is read when every one holds it. */
  private budgets: readonly RateBudget[];
  /** Frames received while the client is over its rate, in order; null while it is not. */
  private held: Uint8Array[] | null = null;
  private drainTimer: NodeJS.Timeout | null = null;
  /** Mutable: a downgrade or revocation applies to the open socket. */
  role: Role;
  /** Sync updates that arrived before the client answered the room's sync step 1, waiting for that answer; null once it came. */
  heldUpdates: Extract<ClientMessage, { type: 'sync-update' }>[] | null = null;
  /** Nothing was heard from the client for a heartbeat: its presence is withdrawn until it is. */
  private silent = false;
  /** Relayed edits, in order after the sync answers they wait for. */
  readonly order: AnswerOrder = new AnswerOrder(this);
  /** In open mode, who the client's presence says it is (nothing is verified there); see `author`. */
  claimed: UpdateAuthor | null = null;

  constructor(
    private readonly socket: CollabSocket,
    readonly options: ConnectionOptions,
  ) {
    this.role = options.role;
    this.budgets = [new RateBudget(options.limits)];
  }

  /** Whom its edits are recorded under: the verified person, else (open mode) whom its presence names. */
  get author(): UpdateAuthor | null {
    const identity = this.options.identity;
    return identity ? { id: identity.id, name: identity.name } : this.claimed;
  }

  get closed(): boolean {
    return this.closedWith !== null;
  }

  /** Bytes waiting in the socket to be written. */
  get buffered(): number {
    return this.socket.bufferedAmount;
  }

  /** The code and reason this connection was closed with (by the server or the client). */
  get closeInfo(): { code: number; reason: string } | null {
    return this.closedWith === null ? null : { code: this.closedWith, reason: this.closedReason };
  }

  /** Called once the room is loaded; replays frames that arrived meanwhile. */
  attach(sink: ConnectionSink): void {
    this.sink = sink;
    const early = this.early ?? [];
    this.early = null;
    for (const frame of early) {
      if (this.closed) return;
      sink.receive(this, frame);
    }
  }

  /**
   * While the room loads: false when the client's first frame (a stock provider's sync step 1)
   * says it already holds content, true when it holds nothing, null when nothing has arrived.
   */
  get holdsNothing(): boolean | null {
    const first = this.early?.[0];
    if (!first || first[0] !== 0 || first[1] !== 0) return null;
    // varUint type 0, varUint step 0, varUint8Array state vector: an empty vector is length 1, count 0.
    return first.byteLength === 4 && first[2] === 1 && first[3] === 0;
  }

  receive(data: Uint8Array): void {
    if (this.closed) return;
    if (this.held) this.held.push(data);
    else if (this.withinRate(data)) this.deliver(data);
    else {
      this.held = [data];
      this.pace();
    }
  }

  private deliver(data: Uint8Array): void {
    if (this.silent) this.heard();
    if (this.early) this.early.push(data);
    else this.sink?.receive(this, data);
  }

  /** Draws also on `budget` (the person's, shared by all their sockets) from now on. */
  shareBudget(budget: RateBudget): void {
    this.budgets = [...this.budgets, budget];
  }

  /** Takes the frame from every budget if all hold it, and from none otherwise. */
  private withinRate(data: Uint8Array): boolean {
    const short = this.budgets.filter((budget) => budget.waitFor(data.byteLength) > 0);
    if (short.length > 0) {
      // A take that fails takes nothing; it marks the run of being over, which decides when pacing gives way to closing.
      for (const budget of short) budget.take(data.byteLength);
      return false;
    }
    for (const budget of this.budgets) budget.take(data.byteLength);
    return true;
  }

  /** Stops reading until the budget holds the next frame that waits, then goes on. */
  private pace(): void {
    const next = this.held![0]!;
    if (Math.max(...this.budgets.map((budget) => budget.overFor())) >= THROTTLED_FOR_MS) {
      const { messagesPerSecond, bytesPerSecond } = this.options.limits;
      this.close(CloseCode.TryAgainLater, `over ${messagesPerSecond} messages or ${bytesPerSecond} bytes per second for ${THROTTLED_FOR_MS / 1000} s`);
      return;
    }
    this.socket.pause();
    const wait = Math.max(...this.budgets.map((budget) => budget.waitFor(next.byteLength)), 1);
    this.drainTimer = setTimeout(() => this.drain(), wait);
  }

  private drain(): void {
    this.drainTimer = null;
    const held = this.held;
    while (held && held.length > 0 && !this.closed) {
      if (!this.withinRate(held[0]!)) return this.pace();
      this.deliver(held.shift()!);
    }
    if (this.closed) return;
    this.held = null;
    this.socket.resume();
  }

  /** The transport noticed the client went silent (see server/http/socket-heartbeat.ts). */
  wentSilent(): void {
    if (this.silent || this.closed) return;
    this.silent = true;
    this.sink?.away(this);
  }

  /** The transport heard from the client again (a pong, or a frame). */
  heard(): void {
    if (!this.silent) return;
    this.silent = false;
    if (!this.closed) this.sink?.back(this);
  }

  send(message: OutboundMessage, written?: () => void): void {
    if (this.closed) {
      written?.();
      return;
    }
    try {
      this.socket.send(message, written && (() => written()));
    } catch {
      written?.();
      this.socketClosed();
      return;
    }
    // Dropping an update would leave the client silently diverged; closing makes its
    // provider reconnect and resync from the full state instead.
    if (this.socket.bufferedAmount > this.options.slowClientBufferBytes) {
      this.close(CloseCode.Resync);
    }
  }

  /** Sends the messages in order; `written` is called once the last has been handed on. */
  sendAll(messages: readonly OutboundMessage[], written?: () => void): void {
    messages.forEach((message, i) => this.send(message, i === messages.length - 1 ? written : undefined));
  }

  /** Closes the socket with a documented code; `detail` is added to the standard reason. */
  close(code: CloseCode, detail?: string): void {
    if (this.closed) return;
    const reason = detail ? `${closeCodeMeaning[code]}: ${detail}` : closeCodeMeaning[code];
    this.closedReason = reason;
    this.markClosed(code);
    try {
      this.socket.close(code, clampReason(reason));
    } catch {
      // The socket is already gone; nothing more to tell the client.
    }
  }

  /** The transport reports the socket closed (by the client or the network). */
  socketClosed(code: number = CloseCode.Normal): void {
    if (this.closed) return;
    this.markClosed(code);
  }

  /** Runs `listener` once when the connection closes (at once if it already has). */
  onClosed(listener: () => void): void {
    if (this.closed) listener();
    else this.closeListeners = this.closeListeners.concat(listener);
  }

  private markClosed(code: number): void {
    this.closedWith = code;
    this.early = null;
    this.held = null;
    this.order.clear();
    if (this.drainTimer) clearTimeout(this.drainTimer);
    this.sink?.leave(this);
    const listeners = this.closeListeners;
    this.closeListeners = [];
    for (const listener of listeners) listener();
  }
}
