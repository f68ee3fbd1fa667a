// The client's CollabSession against a secured server: tokens on the socket and on commands,
// and a fresh token picked up after the old one expired, without losing queued work.

import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { CollabSession } from '../../client/sync/collab-session.js';
import { identityFromToken } from '../../client/sync/token-identity.js';
import { MemoryStorage } from '../support/memory-storage.js';
import { whenSession } from '../support/session-events.js';
import { TEST_SECRET, signToken } from '../support/tokens.js';
import { createDocument, startTestServer } from '../support/test-server.js';

/** 'token-expired' is an event, not a state: always wait for the next one. */
const next = (session: CollabSession, type: string, until: () => boolean = () => true) => whenSession(session, type, until, type !== 'token-expired');

describe('CollabSession with signed tokens', () => {
  it('reads the display identity from the token', async () => {
    const token = await signToken({ sub: 'u-7', name: 'Ünal Ölmez', color: '#2f9e44' });
    expect(identityFromToken(token)).toEqual({ id: 'u-7', name: 'Ünal Ölmez', color: '#2f9e44' });
    expect(identityFromToken('garbage')).toBeNull();
  });

  it('syncs and annotates with a token, asks for a new one when it expires, and carries on with it', async () => {
    const server = await startTestServer({ GLOSSA_SECRET: TEST_SECRET });
    const owner = await signToken({ sub: 'u-own', name: 'Owner', role: 'owner' });
    const documentId = await createDocument(server.url, 'Text to annotate with tokens.', 'Tokens', owner);

    const short = await signToken({ sub: 'u-ed', name: 'Ed', role: 'editor', expiresIn: 2 });
    const session = new CollabSession({
      server: server.url,
      documentId,
      identity: identityFromToken(short)!,
      token: short,
      storage: new MemoryStorage(),
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    });
    try {
      await next(session, 'status', () => session.synced);
      expect(session.text).toBe('Text to annotate with tokens.');
      session.send({ type: 'annotation.create', id: 'a1', start: 0, end: 4 });
      await next(session, 'model', () => session.annotations.some((a) => a.id === 'a1'));
      expect(session.annotations[0]!.author.name).toBe('Ed');

      // The token runs out: the socket is closed with 4401 and the session asks for a new token.
      await next(session, 'token-expired');
      session.send({ type: 'comment.add', annotationId: 'a1', id: 'c1', body: 'sent with the new token' });
      const fresh = await signToken({ sub: 'u-ed', name: 'Ed', role: 'editor' });
      session.setToken(fresh);
      await next(session, 'status', () => session.connection === 'connected' && session.synced);
      await next(session, 'model', () => session.annotations[0]?.comments.some((c) => c.id === 'c1') ?? false);
      expect(session.commands.failed).toEqual([]);
    } finally {
      session.destroy();
    }
  });
});
