// The annotator's own connection (CollabSession over a stock provider) recovers by itself from every
// close a client can recover from, and what the person does meanwhile is not lost.

import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { CollabSession } from '../../client/sync/collab-session.js';
import { CloseCode } from '../../shared/protocol/close-codes.js';
import { MemoryStorage } from '../support/memory-storage.js';
import { whenSession as when } from '../support/session-events.js';
import { createDocument, startTestServer } from '../support/test-server.js';

const retryable = [CloseCode.GoingAway, CloseCode.ServiceRestart, CloseCode.TryAgainLater, CloseCode.InternalError, CloseCode.Resync] as const;

describe('the annotator’s connection', () => {
  it.each(retryable)('recovers from a close with %i and carries on', async (code) => {
    const server = await startTestServer();
    const documentId = await createDocument(server.url, 'Text the connection keeps working on.');
    const session = new CollabSession({
      server: server.url,
      documentId,
      identity: { id: 'u-ana', name: 'Ana', color: '#c2255c' },
      storage: new MemoryStorage(),
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    });
    try {
      await when(session, 'status', () => session.connection === 'connected' && session.synced);
      const first = server.rooms.connectionsOf(documentId)[0]!;
      first.close(code);
      await when(session, 'status', () => session.connection !== 'connected');
      // Annotating while it is away; the command waits and goes out once it is back.
      session.send({ type: 'annotation.create', id: `after-${code}`, start: 0, end: 4 });
      await when(session, 'status', () => session.connection === 'connected' && session.synced);
      expect(session.closedBecause).toBeNull();
      await when(session, 'model', () => session.annotations.some((a) => a.id === `after-${code}`));
      expect(server.rooms.connectionsOf(documentId).filter((c) => !c.closed)).toHaveLength(1);
    } finally {
      session.destroy();
    }
  });
});
