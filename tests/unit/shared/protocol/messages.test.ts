import { describe, expect, it } from 'vitest';
import { MessageType } from '../../../../shared/protocol/message-types.js';
import {
  MessageDecodeError,
  decodeClientMessage,
  decodeSavedMessage,
  encodeAwarenessMessage,
  encodeSavedMessage,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
  syncStep2Header,
} from '../../../../shared/protocol/messages.js';

describe('collaboration messages', () => {
  const payload = new Uint8Array([1, 2, 3, 250]);

  it('round-trips every client message type', () => {
    expect(decodeClientMessage(encodeSyncStep1(payload))).toEqual({ type: 'sync-step-1', stateVector: payload });
    expect(decodeClientMessage(encodeSyncStep2(payload))).toEqual({ type: 'sync-update', update: payload, step: 'step-2' });
    expect(decodeClientMessage(encodeSyncUpdate(payload))).toEqual({ type: 'sync-update', update: payload, step: 'update' });
    expect(decodeClientMessage(encodeAwarenessMessage(payload))).toEqual({ type: 'awareness', update: payload });
    expect(decodeClientMessage(new Uint8Array([MessageType.QueryAwareness]))).toEqual({ type: 'query-awareness' });
  });

  it('gives the header a sync step 2 puts before its update, for any length of update', () => {
    // Lengths whose varuint takes one, two and three bytes.
    for (const length of [0, 127, 128, 16_383, 16_384, 300_000]) {
      const update = new Uint8Array(length).fill(7);
      const header = syncStep2Header(update);
      const whole = new Uint8Array(header.byteLength + length);
      whole.set(header);
      whole.set(update, header.byteLength);
      expect(whole).toEqual(encodeSyncStep2(update));
    }
  });

  it('round-trips Saved and tells other frames apart', () => {
    expect(decodeSavedMessage(encodeSavedMessage(payload))).toEqual(payload);
    expect(decodeSavedMessage(encodeSyncUpdate(payload))).toBeNull();
  });

  it.each([
    ['empty', new Uint8Array(0), 'malformed'],
    ['truncated varint', new Uint8Array([0xff]), 'malformed'],
    ['length past end', new Uint8Array([0, 2, 5, 1]), 'malformed'],
    ['trailing bytes', new Uint8Array([3, 0]), 'malformed'],
    ['unknown type', new Uint8Array([7]), 'unknown-type'],
    ['Saved from a client', encodeSavedMessage(payload), 'unknown-type'],
    ['auth from a client', new Uint8Array([MessageType.Auth, 0]), 'unknown-type'],
  ])('rejects %s as %s', (_name, frame, kind) => {
    expect(() => decodeClientMessage(frame)).toThrow(MessageDecodeError);
    try {
      decodeClientMessage(frame);
    } catch (error) {
      expect((error as MessageDecodeError).kind).toBe(kind);
    }
  });
});
