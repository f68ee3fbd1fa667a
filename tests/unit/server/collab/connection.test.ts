// One client's session as the room sees it: frames in the order sent (also those that came while
// the room loaded), a client over its rate paced rather than dropped, edits relayed after the sync
// answer they build on and never twice, and a client that cannot keep up told to resync.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { CloseCode } from '../../../../shared/protocol/close-codes.js';
import { type CollabSocket, type OutboundMessage, messageBytes } from '../../../../server/collab/collab-socket.js';
import { Connection, type ConnectionSink } from '../../../../server/collab/connection.js';
import type { ContentMark } from '../../../../server/collab/merge/index.js';

/** The socket end of a connection: what was sent, whether reading is paused, how it was closed. */
class SocketEnd implements CollabSocket {
  readonly sent: number[][] = [];
  paused = false;
  bufferedAmount = 0;
  closedWith: { code: number; reason: string } | null = null;
  send(message: OutboundMessage): void {
    this.sent.push([...messageBytes(message)]);
  }
  close(code: number, reason: string): void {
    this.closedWith = { code, reason };
  }
  pause(): void {
    this.paused = true;
  }
  resume(): void {
    this.paused = false;
  }
}

/** A room that notes what it was handed. */
class NotingSink implements ConnectionSink {
  readonly frames: number[] = [];
  readonly events: string[] = [];
  receive(_connection: Connection, data: Uint8Array): void {
    this.frames.push(data[0]!);
  }
  leave(): void {
    this.events.push('left');
  }
  away(): void {
    this.events.push('away');
  }
  back(): void {
    this.events.push('back');
  }
}

function connect(limits = { messagesPerSecond: 1_000, bytesPerSecond: 1_000_000 }, slowClientBufferBytes = 1_000_000) {
  const socket = new SocketEnd();
  const connection = new Connection(socket, { wantsSavedAck: false, slowClientBufferBytes, role: 'editor', identity: null, limits });
  return { socket, connection };
}

const frame = (n: number) => new Uint8Array([n]);

afterEach(() => {
  vi.useRealTimers();
});

describe('Connection', () => {
  it('hands the room what arrived while it loaded, in order, before what comes after', () => {
    const { connection } = connect();
    connection.receive(frame(1));
    connection.receive(frame(2));
    const room = new NotingSink();
    connection.attach(room);
    connection.receive(frame(3));
    expect(room.frames).toEqual([1, 2, 3]);
  });

  it('paces a client over its rate: stops reading, then hands on every frame in order, and closes it only after 10 s on end', () => {
    vi.useFakeTimers();
    const { socket, connection } = connect({ messagesPerSecond: 10, bytesPerSecond: 1_000_000 });
    const room = new NotingSink();
    connection.attach(room);
    for (let n = 0; n < 30; n++) connection.receive(frame(n));
    expect(socket.paused).toBe(true);
    expect(room.frames.length).toBeLessThan(30);
    vi.advanceTimersByTime(3_000);
    expect(room.frames).toEqual(Array.from({ length: 30 }, (_, n) => n));
    expect(socket.paused).toBe(false);
    expect(socket.closedWith).toBeNull();

    // Over the rate without a rest for 10 s: closed with a code a stock client retries after.
    for (let second = 0; second < 12 && !socket.closedWith; second++) {
      for (let n = 0; n < 40; n++) connection.receive(frame(n));
      vi.advanceTimersByTime(1_000);
    }
    expect(socket.closedWith?.code).toBe(CloseCode.TryAgainLater);
  });

  it('sends edits relayed while its sync answer is worked out after that answer, less those the answer holds', () => {
    const { socket, connection } = connect();
    connection.attach(new NotingSink());
    // Where each edit ends in the room's content; the answer is worked out from the content through the first.
    const content = {};
    const at = (index: number) => ({ state: content, index }) as unknown as ContentMark;
    connection.order.expectAsk();
    connection.order.asked();
    connection.order.relay(frame(10), at(1));
    connection.order.relay(frame(11), at(2));
    expect(socket.sent).toEqual([]);
    connection.order.answer([frame(1)], at(1));
    expect(socket.sent).toEqual([[1], [11]]);
    // Once answered, edits go at once.
    connection.order.relay(frame(12));
    expect(socket.sent.at(-1)).toEqual([12]);
  });

  it('tells a client that cannot keep up to resync rather than dropping what it has not read', () => {
    const { socket, connection } = connect(undefined, 1024);
    connection.attach(new NotingSink());
    socket.bufferedAmount = 2048;
    connection.send(frame(1));
    expect(socket.closedWith?.code).toBe(CloseCode.Resync);
    expect(connection.closed).toBe(true);
  });

  it('withdraws a silent client’s presence and shows it again once it is heard from, and leaves the room once closed', () => {
    const { connection } = connect();
    const room = new NotingSink();
    connection.attach(room);
    connection.wentSilent();
    connection.wentSilent();
    connection.receive(frame(1));
    connection.close(CloseCode.Normal);
    connection.close(CloseCode.Normal);
    expect(room.events).toEqual(['away', 'back', 'left']);
  });

  it('keeps a close reason within the 123 bytes a close frame allows, on a whole character', () => {
    const { socket, connection } = connect();
    connection.close(CloseCode.UpdateRejected, 'é'.repeat(200));
    const reason = socket.closedWith!.reason;
    expect(new TextEncoder().encode(reason).byteLength).toBeLessThanOrEqual(123);
    expect(reason).not.toContain('\uFFFD');
    expect(reason.endsWith('...')).toBe(true);
  });
});
