// Text that is not Unicode is refused where it enters, naming the field, rather than silently turned
// into U+FFFD and stored; a broken update is refused with a documented reason, not Yjs's internals.

import { describe, expect, it } from 'vitest';
import { CloseCode } from '../../shared/protocol/close-codes.js';
import { MessageType } from '../../shared/protocol/message-types.js';
import { encodeSyncUpdate } from '../../shared/protocol/messages.js';
import { createDocument, startTestServer } from '../support/test-server.js';
import { rawSocket } from '../support/yjs-clients.js';

describe('what enters must be Unicode', async () => {
  const server = await startTestServer();
  const id = await createDocument(server.url, 'A report about Almaty.');
  const send = async (method: string, path: string, body: string | Uint8Array) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : Buffer.from(body),
    });
    return { status: res.status, error: ((await res.json()) as { error: { code: string; message: string } }).error };
  };

  it('refuses a JSON body whose bytes are not UTF-8', async () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('{"title":"caf'), 0xe9, ...new TextEncoder().encode('","text":"x"}')]);
    const res = await send('POST', '/api/documents', bytes);
    expect(res.status).toBe(400);
    expect(res.error.code).toBe('invalid_encoding');
  });

  it('refuses a lone surrogate in a title, a rename and a comment, naming the field', async () => {
    const created = await send('POST', '/api/documents', '{"title":"bad \\ud800 title","text":"fine"}');
    expect(created).toMatchObject({ status: 400, error: { code: 'invalid_field' } });
    expect(created.error.message).toMatch(/^title: /);
    const renamed = await send('PATCH', `/api/documents/${id}`, '{"title":"\\udc00"}');
    expect(renamed.status).toBe(400);
    expect(renamed.error.message).toMatch(/^title: /);
    const comment = await send('POST', `/api/documents/${id}/annotations`, '{"start":0,"end":1,"comment":"half a pair \\ud83d"}');
    expect(comment.status).toBe(400);
    expect(comment.error.message).toMatch(/^comment: /);
    // A whole pair is of course fine.
    const emoji = await send('POST', `/api/documents/${id}/annotations`, '{"start":0,"end":1,"comment":"\\ud83d\\ude00"}');
    expect(emoji.status).toBe(201);
  });

  it('a broken Yjs update is refused with the documented reason, not the decoder’s internals', async () => {
    const socket = rawSocket(server.url, id);
    await socket.first((f) => f[0] === MessageType.Sync);
    socket.ws.send(encodeSyncUpdate(new Uint8Array([1, 1, 200, 1, 0, 9, 9, 9, 9])));
    const closed = await socket.closed;
    expect(closed.code).toBe(CloseCode.UpdateRejected);
    expect(closed.reason).toBe('update rejected: not a Yjs update this document can take; it was not applied');
  });
});
