// What a client with nothing is sent of a stored document: the whole of it, with the snapshot last
// (so a stock provider reports synced only when it holds everything), and a long log as one update.

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type OutboundMessage, messageBytes } from '../../../../../server/collab/collab-socket.js';
import { storedStateMessages } from '../../../../../server/collab/merge/stored-doc.js';
import { decodeClientMessage } from '../../../../../shared/protocol/messages.js';

function storedDocument(logRows: number): { doc: Y.Doc; snapshot: Uint8Array; updates: Uint8Array[] } {
  const doc = new Y.Doc();
  doc.getText('source').insert(0, 'The stored report.');
  const snapshot = Y.encodeStateAsUpdate(doc);
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  for (let i = 0; i < logRows; i++) doc.getMap('annotations').set(`a${i}`, i);
  return { doc, snapshot, updates };
}

function received(messages: OutboundMessage[]): { doc: Y.Doc; steps: string[] } {
  const doc = new Y.Doc();
  const steps = messages.map((frame) => {
    const message = decodeClientMessage(messageBytes(frame));
    if (message.type !== 'sync-update') throw new Error(`unexpected ${message.type}`);
    Y.applyUpdate(doc, message.update);
    return message.step;
  });
  return { doc, steps };
}

describe('storedStateMessages', () => {
  it('sends a short log as it is, then the snapshot as sync step 2', () => {
    const { doc, snapshot, updates } = storedDocument(3);
    const { doc: client, steps } = received(storedStateMessages({ snapshot, updates }));
    expect(steps).toEqual(['update', 'update', 'update', 'step-2']);
    expect(client.getMap('annotations').toJSON()).toEqual(doc.getMap('annotations').toJSON());
    expect(client.getText('source').toString()).toBe('The stored report.');
  });

  it('sends a long log as one update, so the client does not re-merge it at every row', () => {
    const { doc, snapshot, updates } = storedDocument(400);
    const { doc: client, steps } = received(storedStateMessages({ snapshot, updates }));
    expect(steps).toEqual(['update', 'step-2']);
    expect(client.getMap('annotations').toJSON()).toEqual(doc.getMap('annotations').toJSON());
    expect(client.getText('source').toString()).toBe('The stored report.');
  });
});
