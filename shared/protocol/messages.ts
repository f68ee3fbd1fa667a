// Pure encode/decode pairs for collaboration messages; no I/O, no Y.Doc mutation.
// Decoding validates the whole frame up front so that nothing half-read is ever applied.

import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MessageType, SyncStep } from './message-types.js';
import { STORE_OK, type StoreStatus, isStoreFailure } from './store-status.js';

export type ClientMessage =
  | { type: 'sync-step-1'; stateVector: Uint8Array }
  | { type: 'sync-update'; update: Uint8Array; step: 'step-2' | 'update' }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'query-awareness' };

export class MessageDecodeError extends Error {
  constructor(
    message: string,
    readonly kind: 'malformed' | 'unknown-type',
  ) {
    super(message);
  }
}

/** Decodes one client frame, or throws MessageDecodeError saying why it is unusable. */
export function decodeClientMessage(data: Uint8Array): ClientMessage {
  const decoder = decoding.createDecoder(data);
  let message: ClientMessage;
  try {
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MessageType.Sync: {
        const step = decoding.readVarUint(decoder);
        const payload = decoding.readVarUint8Array(decoder);
        if (step === SyncStep.Step1) message = { type: 'sync-step-1', stateVector: payload };
        else if (step === SyncStep.Step2) message = { type: 'sync-update', update: payload, step: 'step-2' };
        else if (step === SyncStep.Update) message = { type: 'sync-update', update: payload, step: 'update' };
        else throw new MessageDecodeError(`unknown sync step ${step}`, 'unknown-type');
        break;
      }
      case MessageType.Awareness:
        message = { type: 'awareness', update: decoding.readVarUint8Array(decoder) };
        break;
      case MessageType.QueryAwareness:
        message = { type: 'query-awareness' };
        break;
      default:
        throw new MessageDecodeError(`unknown message type ${type}`, 'unknown-type');
    }
  } catch (error) {
    if (error instanceof MessageDecodeError) throw error;
    // lib0 throws plain Errors ("Unexpected end of array", "Integer out of Range") on bad framing.
    throw new MessageDecodeError(`cannot decode frame: ${(error as Error).message}`, 'malformed');
  }
  if (decoding.hasContent(decoder)) {
    throw new MessageDecodeError('trailing bytes after message', 'malformed');
  }
  return message;
}

/** Varuint header fields and then the length of the payload that follows them. */
function headerOf(fields: readonly number[], payloadLength: number): Uint8Array {
  const head = encoding.createEncoder();
  for (const field of fields) encoding.writeVarUint(head, field);
  encoding.writeVarUint(head, payloadLength);
  return encoding.toUint8Array(head);
}

/**
 * A message as one array: its header, then `payload`, copied once. A sync step 2 carries a whole
 * document, and lib0's encoder would copy it twice (into its buffer, then out).
 */
export function joinMessage(header: Uint8Array, payload: Uint8Array): Uint8Array {
  const message = new Uint8Array(header.byteLength + payload.byteLength);
  message.set(header);
  message.set(payload, header.byteLength);
  return message;
}

function withPayload(fields: readonly number[], payload: Uint8Array): Uint8Array {
  return joinMessage(headerOf(fields, payload.byteLength), payload);
}

/**
 * What comes before `update` in a sync step 2 message: a sender that can write the two as one
 * message (a WebSocket frame written in two parts) sends a stored document without copying it.
 */
export function syncStep2Header(update: Uint8Array): Uint8Array {
  return headerOf([MessageType.Sync, SyncStep.Step2], update.byteLength);
}

export function encodeSyncStep1(stateVector: Uint8Array): Uint8Array {
  return withPayload([MessageType.Sync, SyncStep.Step1], stateVector);
}

export function encodeSyncStep2(update: Uint8Array): Uint8Array {
  return withPayload([MessageType.Sync, SyncStep.Step2], update);
}

export function encodeSyncUpdate(update: Uint8Array): Uint8Array {
  return withPayload([MessageType.Sync, SyncStep.Update], update);
}

export function encodeAwarenessMessage(update: Uint8Array): Uint8Array {
  return withPayload([MessageType.Awareness], update);
}

/**
 * Saved: everything covered by `stateVector` is durable in the store. A client whose own
 * clock (its clientID's entry in Y.encodeStateVector of its doc) is covered knows its edits survive a crash.
 */
export function encodeSavedMessage(stateVector: Uint8Array): Uint8Array {
  return withPayload([MessageType.Saved], stateVector);
}

/** Reads a Saved message's state vector, or null when the frame is some other message. */
export function decodeSavedMessage(data: Uint8Array): Uint8Array | null {
  const decoder = decoding.createDecoder(data);
  if (decoding.readVarUint(decoder) !== MessageType.Saved) return null;
  return decoding.readVarUint8Array(decoder);
}

/** StoreStatus: varUint 0 (storing works) or 1 (failing), then for 1 the reason and a sentence. */
export function encodeStoreStatusMessage(status: StoreStatus): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.StoreStatus);
  encoding.writeVarUint(encoder, status.saving === 'ok' ? 0 : 1);
  if (status.saving === 'failing') {
    encoding.writeVarString(encoder, status.reason);
    encoding.writeVarString(encoder, status.message);
  }
  return encoding.toUint8Array(encoder);
}

/** Reads a StoreStatus message's body (after its type); an unknown reason reads as 'unknown'. */
export function readStoreStatus(decoder: decoding.Decoder): StoreStatus {
  if (decoding.readVarUint(decoder) === 0) return STORE_OK;
  const reason = decoding.readVarString(decoder);
  const message = decoding.readVarString(decoder);
  return { saving: 'failing', reason: isStoreFailure(reason) ? reason : 'unknown', message };
}
