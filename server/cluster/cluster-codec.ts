// Wire format of messages between instances: varUint kind, varString origin instance, payload.

import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { ClusterMessage } from './cluster-bus.js';

const kinds = ['update', 'awareness', 'deleted', 'access-changed'] as const;

export function encodeClusterMessage(origin: string, message: ClusterMessage): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, kinds.indexOf(message.kind));
  encoding.writeVarString(encoder, origin);
  if (message.kind === 'update' || message.kind === 'awareness') encoding.writeVarUint8Array(encoder, message.update);
  return encoding.toUint8Array(encoder);
}

export function decodeClusterMessage(data: Uint8Array): { origin: string; message: ClusterMessage } {
  const decoder = decoding.createDecoder(data);
  const kind = kinds[decoding.readVarUint(decoder)];
  const origin = decoding.readVarString(decoder);
  switch (kind) {
    case 'update':
    case 'awareness':
      return { origin, message: { kind, update: decoding.readVarUint8Array(decoder) } };
    case 'deleted':
    case 'access-changed':
      return { origin, message: { kind } };
    default:
      throw new Error('unknown cluster message kind');
  }
}
