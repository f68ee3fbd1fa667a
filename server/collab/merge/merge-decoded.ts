// A group commit's updates were each decoded once already, to validate them. Y.mergeUpdates would
// read every one of them again, content included, only to write the same structs out: a fifth of
// the server's time under many writers. When each writer's structs in the batch follow on from
// one another (one update per writer, or a writer's consecutive edits: what a busy document
// sends), those structs can be written out as they are, and the bytes are the ones Y.mergeUpdates
// would give. Anything else (a gap, an overlap, a Skip) is left to Y.mergeUpdates.

import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import type { DecodedUpdate } from './vector-tracking.js';

type Struct = DecodedUpdate['structs'][number];

/** Each client's structs in clock order; null when they do not follow on from one another. */
function runsByClient(updates: readonly DecodedUpdate[]): Map<number, Struct[]> | null {
  const runs = new Map<number, Struct[]>();
  for (const { structs } of updates) {
    for (const struct of structs) {
      if (struct instanceof Y.Skip) return null;
      const run = runs.get(struct.id.client);
      if (!run) {
        runs.set(struct.id.client, [struct]);
        continue;
      }
      const last = run[run.length - 1]!;
      if (last.id.clock + last.length !== struct.id.clock) return null;
      run.push(struct);
    }
  }
  return runs;
}

/** Highest client first, the order Yjs writes (readers do not depend on it; equal bytes do). */
function byClientDescending<T>(map: Map<number, T>): [number, T][] {
  return [...map].sort((a, b) => b[0] - a[0]);
}

/**
 * The decoded updates as one update (Yjs's V1 encoding), or null when their structs cannot simply
 * be laid end to end. The decoded objects are consumed: their delete sets are merged in place.
 */
export function mergeDecoded(updates: readonly DecodedUpdate[]): Uint8Array | null {
  const runs = runsByClient(updates);
  if (!runs) return null;
  const encoder = new Y.UpdateEncoderV1();
  const out = encoder.restEncoder;
  encoding.writeVarUint(out, runs.size);
  for (const [client, structs] of byClientDescending(runs)) {
    encoding.writeVarUint(out, structs.length);
    encoder.writeClient(client);
    encoding.writeVarUint(out, structs[0]!.id.clock);
    for (const struct of structs) struct.write(encoder, 0);
  }
  const deleted = Y.mergeDeleteSets(updates.map((update) => update.ds));
  encoding.writeVarUint(out, deleted.clients.size);
  for (const [client, ranges] of byClientDescending(deleted.clients)) {
    encoder.resetDsCurVal();
    encoding.writeVarUint(out, client);
    encoding.writeVarUint(out, ranges.length);
    for (const range of ranges) {
      encoder.writeDsClock(range.clock);
      encoder.writeDsLen(range.len);
    }
  }
  return encoder.toUint8Array();
}
