// What the session tells the annotator about saving: the server's StoreStatus on the socket, a
// command refused with 503 store_write_failing when the socket said nothing, and what is unsaved.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { CollabSession } from '../../../../client/sync/collab-session.js';
import { encodeStoreStatusMessage } from '../../../../shared/protocol/messages.js';
import type { StoreStatus } from '../../../../shared/protocol/store-status.js';
import { MemoryStorage } from '../../../support/memory-storage.js';

const diskFull: StoreStatus = { saving: 'failing', reason: 'disk_full', message: 'The server cannot store changes: its disk is full.' };
const identity = { id: 'u-s', name: 'Sam', color: '#2f9e44' };

/** The socket the provider opens: the test opens it and hands it frames as the server would. */
class FakeSocket {
  static last: FakeSocket | null = null;
  binaryType = '';
  readyState = 0;
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: ArrayBuffer }) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.last = this;
  }
  send(): void {}
  close(): void {}
  open(): void {
    this.readyState = 1;
    this.onopen?.();
  }
  receive(frame: Uint8Array): void {
    this.onmessage?.({ data: frame.slice().buffer });
  }
}

/** Answers command requests from a list (an answer per request) and counts them. */
function stubFetch(answers: Array<{ status: number; body?: unknown }>) {
  const sent: unknown[] = [];
  vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
    sent.push(JSON.parse(init.body as string));
    const answer = answers.shift() ?? { status: 200, body: {} };
    return new Response(JSON.stringify(answer.body ?? {}), { status: answer.status });
  });
  return sent;
}

function when(session: CollabSession, check: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const look = () => {
      if (!check()) return;
      for (const type of ['status', 'pending']) session.removeEventListener(type, look);
      resolve();
    };
    for (const type of ['status', 'pending']) session.addEventListener(type, look);
    look();
  });
}

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('CollabSession saving', () => {
  it('asks for saved acknowledgements, shows storing failing as told, and sends what waited once it works again', async () => {
    const refused = {
      status: 503,
      body: { error: { code: 'store_write_failing', message: 'The server cannot store changes: its disk is full. Nothing was changed; try again shortly.' } },
    };
    const sent = stubFetch([refused]);
    // Timers stand still: a retry can only come from the session itself, not from the backoff.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const session = new CollabSession({
      server: 'http://glossa.test',
      documentId: 'd1',
      identity,
      storage: new MemoryStorage(),
      WebSocketPolyfill: FakeSocket as unknown as typeof WebSocket,
    });
    try {
      const socket = FakeSocket.last!;
      expect(new URL(socket.url).searchParams.get('ack')).toBe('saved');
      socket.open();
      expect(session.connection).toBe('connected');
      expect(session.storeStatus).toEqual({ saving: 'ok' });
      expect(session.unsaved).toBe(false);

      // Refused with 503 before the socket said anything: not saved, for a reason not yet known.
      session.send({ type: 'annotation.create', id: 'a1', start: 0, end: 4 });
      await when(session, () => session.commands.waitingBecause !== null);
      expect(session.storeStatus).toEqual({ saving: 'failing', reason: 'unknown', message: 'The server cannot store changes right now.' });
      expect(session.unsaved).toBe(true);

      // The server says why.
      socket.receive(encodeStoreStatusMessage(diskFull));
      expect(session.storeStatus).toEqual(diskFull);

      // Storing works again: the command goes at once (not at the end of its backoff) and is stored.
      socket.receive(encodeStoreStatusMessage({ saving: 'ok' }));
      await when(session, () => session.commands.pending.length === 0);
      expect(sent).toHaveLength(2);
      expect(session.storeStatus).toEqual({ saving: 'ok' });
      expect(session.unsaved).toBe(false);
    } finally {
      session.destroy();
    }
  });
});
