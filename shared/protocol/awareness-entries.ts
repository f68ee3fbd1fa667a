// The entries of a y-protocols awareness update, decoded and encoded without an Awareness
// instance, so a server can inspect and rewrite them before applying.
// Layout: varUint count, then per entry varUint clientID, varUint clock, varString JSON state.

import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export interface AwarenessEntry {
  clientId: number;
  clock: number;
  /** The state as JSON text; "null" removes the client's state. */
  stateJson: string;
}

export function decodeAwarenessEntries(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    entries.push({
      clientId: decoding.readVarUint(decoder),
      clock: decoding.readVarUint(decoder),
      stateJson: decoding.readVarString(decoder),
    });
  }
  if (decoding.hasContent(decoder)) throw new Error('trailing bytes after awareness entries');
  return entries;
}

export function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const e of entries) {
    encoding.writeVarUint(encoder, e.clientId);
    encoding.writeVarUint(encoder, e.clock);
    encoding.writeVarString(encoder, e.stateJson);
  }
  return encoding.toUint8Array(encoder);
}
