// A well-behaved client stays served while one person floods its document with presence, presence
// queries and updates from many sockets at once. How fast it is served is measured by
// bench/flood-rtt.ts (docs/benchmarks.md); here, that it is.

import { describe, expect, it } from 'vitest';
import { startFlood } from '../support/flood.js';
import { TEST_SECRET, signToken } from '../support/tokens.js';
import { createDocument, startTestServer } from '../support/test-server.js';
import { connectClient, whenDoc, whenPresence, whenSynced } from '../support/yjs-clients.js';

describe('under a flood by one person', () => {
  it('others join, sync, edit and see each other’s edits and presence', async () => {
    const server = await startTestServer({ GLOSSA_SECRET: TEST_SECRET });
    const owner = await signToken({ sub: 'owner', role: 'owner' });
    const text = 'A report that someone is trying to drown out.';
    const id = await createDocument(server.url, text, 'Flooded', owner);
    const params = async (sub: string) => ({ params: { token: await signToken({ sub, name: sub, role: 'editor' }) } });

    const alice = connectClient(server.url, id, await params('alice'));
    await whenSynced(alice);
    const flood = await startFlood(server.url, id, { socketsPerKind: 2, query: `?token=${await signToken({ sub: 'mallory', role: 'editor' })}` });
    try {
      // Enough of the flood has reached the room that the newcomer joins into it.
      await whenDoc(alice.doc, (doc) => doc.getMap('flood').size > 0);
      const bob = connectClient(server.url, id, await params('bob'));
      await whenSynced(bob);
      expect(bob.text.toString()).toBe(text);

      bob.doc.getMap('notes').set('from-bob', 'marker');
      await whenDoc(alice.doc, (doc) => doc.getMap('notes').has('from-bob'));
      alice.text.insert(0, 'Draft: ');
      await whenDoc(bob.doc, (doc) => doc.getText('source').toString().startsWith('Draft: '));

      bob.provider.awareness.setLocalStateField('cursor', { at: 3 });
      await whenPresence(alice, bob.doc.clientID, (state) => !!state?.cursor);
      expect(flood.sent.updates + flood.sent.presence + flood.sent.queries).toBeGreaterThan(1_000);
    } finally {
      flood.stop();
    }
  });
});
