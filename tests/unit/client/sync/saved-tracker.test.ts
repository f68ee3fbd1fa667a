// The SavedTracker reads both messages a client that asks for saved acknowledgements is sent:
// Saved (its own edits are stored) and StoreStatus (whether storing works now).

import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { SavedTracker } from '../../../../client/sync/saved-tracker.js';
import { encodeSavedMessage, encodeStoreStatusMessage } from '../../../../shared/protocol/messages.js';
import type { StoreStatus } from '../../../../shared/protocol/store-status.js';

const diskFull: StoreStatus = { saving: 'failing', reason: 'disk_full', message: 'The server cannot store changes: its disk is full.' };

/** Stands in for a socket; the provider here never opens one. */
class NoSocket {}

/** A stock provider that never connects, and a way to hand it frames as if the server sent them. */
function setup() {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider('ws://127.0.0.1:9/collab', 'd', doc, {
    connect: false,
    disableBc: true,
    WebSocketPolyfill: NoSocket as unknown as typeof WebSocket,
  });
  const tracker = new SavedTracker(provider, doc);
  let changes = 0;
  tracker.addEventListener('change', () => changes++);
  const receive = (frame: Uint8Array) => {
    const decoder = decoding.createDecoder(frame);
    const type = decoding.readVarUint(decoder);
    const handler = provider.messageHandlers[type];
    if (!handler) throw new Error(`no handler for message type ${type}`);
    handler(encoding.createEncoder(), decoder, provider, true, type);
  };
  return { doc, provider, tracker, receive, changes: () => changes };
}

describe('SavedTracker', () => {
  it('reports storing failing and working again, once per change', () => {
    const { tracker, receive, changes } = setup();
    expect(tracker.storeStatus).toEqual({ saving: 'ok' });
    receive(encodeStoreStatusMessage(diskFull));
    expect(tracker.storeStatus).toEqual(diskFull);
    expect(changes()).toBe(1);
    // Said again (the server repeats it to a connection joining while failing): no new change.
    receive(encodeStoreStatusMessage({ ...diskFull }));
    expect(changes()).toBe(1);
    receive(encodeStoreStatusMessage({ saving: 'failing', reason: 'io_error', message: 'The server cannot store changes: the disk reports errors.' }));
    expect(tracker.storeStatus).toMatchObject({ reason: 'io_error' });
    expect(changes()).toBe(2);
    receive(encodeStoreStatusMessage({ saving: 'ok' }));
    expect(tracker.storeStatus).toEqual({ saving: 'ok' });
    expect(changes()).toBe(3);
  });

  it('forgets what one connection was told when it closes (the next is told again if storing still fails)', () => {
    const { provider, tracker, receive } = setup();
    receive(encodeStoreStatusMessage(diskFull));
    provider.emit('status', [{ status: 'disconnected' }]);
    expect(tracker.storeStatus).toEqual({ saving: 'ok' });
  });

  it('knows the own edits are stored once a Saved vector covers them', async () => {
    const { doc, tracker, receive, changes } = setup();
    expect(tracker.isSaved()).toBe(true);
    doc.getMap('m').set('a', 1);
    expect(tracker.isSaved()).toBe(false);
    const saved = tracker.whenSaved();
    receive(encodeSavedMessage(Y.encodeStateVector(doc)));
    await saved;
    expect(tracker.isSaved()).toBe(true);
    expect(changes()).toBe(1);
  });
});
