// A room's content answers the same in both forms, and a client that was sent the stored state while
// the room loaded is answered only what came after it, for as long as that is what it holds.

import * as decoding from 'lib0/decoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { messageBytes } from '../../../../server/collab/collab-socket.js';
import { type ContentSink, type DocContent, EncodedContent, type SyncAnswer } from '../../../../server/collab/doc-content.js';
import { EncodedState, inThreadMerger } from '../../../../server/collab/merge/index.js';

/** The update a sync step 2 answer carries. */
function answered(answer: SyncAnswer): Uint8Array {
  expect(answer.messages).toHaveLength(1);
  const decoder = decoding.createDecoder(messageBytes(answer.messages[0]!));
  expect([decoding.readVarUint(decoder), decoding.readVarUint(decoder)]).toEqual([0, 1]);
  return decoding.readVarUint8Array(decoder);
}

function textAfter(base: Y.Doc, update: Uint8Array): string {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
  Y.applyUpdate(doc, update);
  return doc.getText('source').toString();
}

function loadedContent(stored: Y.Doc): { content: DocContent; added: Uint8Array[] } {
  const added: Uint8Array[] = [];
  const sink: ContentSink = { onContentAdded: (update) => added.push(update) };
  const state = new EncodedState({ snapshot: Y.encodeStateAsUpdate(stored), updates: [] }, null, inThreadMerger);
  return { content: new EncodedContent(state, sink, inThreadMerger), added };
}

function editOf(doc: Y.Doc, change: (text: Y.Text) => void): Uint8Array {
  const before = Y.encodeStateVector(doc);
  change(doc.getText('source'));
  return Y.encodeStateAsUpdate(doc, before);
}

describe('DocContent', () => {
  it('answers a client sent the stored state during the load with nothing, then with only what came since', async () => {
    const stored = new Y.Doc();
    stored.getText('source').insert(0, 'The stored report.');
    const { content } = loadedContent(stored);
    const early = {};
    content.sentLoadedState(early);
    // It has the stored state, though its own vector (sent before that arrived) says nothing.
    const empty = new Map<number, number>();
    expect(answered(await content.answer(early, new Map(), Y.encodeStateVector(new Y.Doc())))).toEqual(Y.encodeStateAsUpdate(new Y.Doc()));

    const writer = new Y.Doc();
    Y.applyUpdate(writer, Y.encodeStateAsUpdate(stored));
    content.apply(
      editOf(writer, (t) => t.insert(0, 'New: ')),
      null,
      'writer',
    );
    const update = answered(await content.answer(early, empty, Y.encodeStateVector(new Y.Doc())));
    expect(textAfter(stored, update)).toBe('New: The stored report.');
    // Only the edit, not the stored report a second time.
    expect(update.byteLength).toBeLessThan(Y.encodeStateAsUpdate(stored).byteLength);
  });

  it('answers the same whether it holds bytes or a Y.Doc, and passes on only what is new', async () => {
    const stored = new Y.Doc();
    stored.getText('source').insert(0, 'Report.');
    const { content: encoded, added } = loadedContent(stored);
    const writer = new Y.Doc();
    Y.applyUpdate(writer, Y.encodeStateAsUpdate(stored));
    const edit = editOf(writer, (t) => t.insert(7, ' Revised.'));
    encoded.apply(edit, null, 'writer');
    encoded.apply(edit, null, 'writer again');
    expect(added).toHaveLength(1);

    const stranger = {};
    const fromBytes = answered(await encoded.answer(stranger, new Map([[stored.clientID, 7]]), Y.encodeStateVector(stored)));
    const live = encoded.swap();
    expect(live.liveDoc!.getText('source').toString()).toBe('Report. Revised.');
    const fromDoc = answered(await live.answer(stranger, new Map([[stored.clientID, 7]]), Y.encodeStateVector(stored)));
    expect(textAfter(stored, fromBytes)).toBe('Report. Revised.');
    expect(textAfter(stored, fromDoc)).toBe('Report. Revised.');

    // A change the server makes on the Y.Doc reaches the sink too; back to bytes, it is all there.
    live.liveDoc!.getText('source').insert(0, '» ');
    expect(added).toHaveLength(2);
    const asleep = live.swap();
    expect(textAfter(new Y.Doc(), answered(await asleep.answer(stranger, new Map(), Y.encodeStateVector(new Y.Doc()))))).toBe('» Report. Revised.');
  });
});
