// An editor's raw update whose value decodes into an object with a `__proto__` key of bytes (see
// shared/protocol/update-values.ts) must be refused before it is applied or relayed. Applied, it
// leaves a document that cannot be encoded again: every client that opens it afterwards is closed
// with 4500, for good.
// Found by tests/integration/fuzz-layout.test.ts.

import { expect, it } from 'vitest';
import { CloseCode } from '../../shared/protocol/close-codes.js';
import { TEST_SECRET, signToken } from '../support/tokens.js';
import { createDocument, startTestServer } from '../support/test-server.js';
import { connectClient, whenClosed, whenDoc, whenSynced } from '../support/yjs-clients.js';

it('an update that would brick the document is refused untouched; everyone else can still open it', async () => {
  const server = await startTestServer({ GLOSSA_SECRET: TEST_SECRET });
  const owner = await signToken({ sub: 'olga', role: 'owner' });
  const editor = await signToken({ sub: 'import-script', role: 'editor' });
  const id = await createDocument(server.url, 'A document someone tries to brick.', 'poisoned', owner);
  const peer = connectClient(server.url, id, { params: { token: owner } });
  const raw = connectClient(server.url, id, { params: { token: editor } });
  await Promise.all([whenSynced(peer), whenSynced(raw)]);

  const closed = whenClosed(raw);
  raw.doc.transact(() => {
    raw.doc.getMap('annotations').set('fine', 'an ordinary damaged entry');
    raw.doc.getMap('annotations').set(
      'x',
      Object.fromEntries([
        ['__proto__', new Uint8Array([1, 2])],
        ['k', 1],
      ]),
    );
  });

  // Nothing of it was applied: a newcomer syncs (it is not closed with 4500), and the editor was refused.
  const newcomer = connectClient(server.url, id, { params: { token: owner } });
  await Promise.race([
    whenSynced(newcomer),
    whenClosed(newcomer).then((event) => Promise.reject(new Error(`the newcomer was closed: ${event.code} ${event.reason}`))),
    // Applied, the value reaches the newcomer, whose provider then fails to handle the update and never syncs.
    whenDoc(newcomer.doc, (doc) => doc.getMap('annotations').has('x')).then(() => Promise.reject(new Error('the poisoned value reached a newcomer'))),
  ]);
  expect(newcomer.doc.getMap('annotations').size).toBe(0);
  expect((await closed).code).toBe(CloseCode.UpdateRejected);
  peer.text.insert(0, 'Still here. ');
  await whenDoc(newcomer.doc, (doc) => doc.getText('source').toString().startsWith('Still here. '));
  const listed = await fetch(`${server.url}/api/documents/${id}/annotations`, { headers: { authorization: `Bearer ${owner}` } });
  expect(listed.status).toBe(200);
  expect(((await listed.json()) as { damaged: unknown[] }).damaged).toEqual([]);
});
