// Where a document's content reaches without a gap (its state vector), kept up to date from the
// structs of each update with no merge, and what waits past a gap; in the merge thread, the same
// read once over a long log when a room loads.

import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { type StoredPieces, piecesInOrder } from './stored-doc.js';

/** An update as `Y.decodeUpdate` reads it (the room decodes every update to validate it). */
export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;

/** Per client, the ranges [from, to) held past a gap, in no particular order. */
export type Beyond = Map<number, Array<[number, number]>>;

/** [client, from, to): a run of one client's clocks. */
export type ClockRange = readonly [client: number, from: number, to: number];

/** Where the structs lie, a range per client and run (Skips, which hold nothing, left out). */
export function rangesOf(structs: DecodedUpdate['structs']): ClockRange[] {
  const ranges: [number, number, number][] = [];
  let last: [number, number, number] | undefined;
  for (const struct of structs) {
    if (struct instanceof Y.Skip) continue;
    const { client, clock } = struct.id;
    if (last && last[0] === client && last[2] === clock) last[2] = clock + struct.length;
    else ranges.push((last = [client, clock, clock + struct.length]));
  }
  return ranges;
}

/** The ranges of some updates (each as rangesOf gave them) as bytes, stored beside the log row they make (see reachRanges). */
export function encodeReach(updates: readonly (readonly ClockRange[])[]): Uint8Array {
  const encoder = encoding.createEncoder();
  const ranges = updates.flat();
  encoding.writeVarUint(encoder, ranges.length);
  for (const [client, from, to] of ranges) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, from);
    encoding.writeVarUint(encoder, to - from);
  }
  return encoding.toUint8Array(encoder);
}

export function reachRanges(reach: Uint8Array): ClockRange[] {
  const decoder = decoding.createDecoder(reach);
  const ranges: ClockRange[] = [];
  for (let count = decoding.readVarUint(decoder); count > 0; count--) {
    const client = decoding.readVarUint(decoder);
    const from = decoding.readVarUint(decoder);
    ranges.push([client, from, from + decoding.readVarUint(decoder)]);
  }
  return ranges;
}

/**
 * Advances `vector` (how far each client's structs reach without a gap) past the ranges of one
 * update, keeping what lies past a gap in `beyond` until the structs that fill it arrive. Exact per
 * client, and no merge of the content: a reconnecting client sends its new edits before the backlog
 * that comes in its sync answer, and reading the reach from the merged bytes at every such update
 * held the main thread for the whole document's merge each time.
 */
export function track(vector: Map<number, number>, beyond: Beyond, ranges: readonly ClockRange[]): void {
  const touched = new Set<number>();
  for (const [client, clock, end] of ranges) {
    const known = vector.get(client) ?? 0;
    if (clock <= known) vector.set(client, Math.max(known, end));
    else {
      const past = beyond.get(client);
      if (past) past.push([clock, end]);
      else beyond.set(client, [[clock, end]]);
    }
    touched.add(client);
  }
  for (const client of touched) {
    const past = beyond.get(client);
    if (!past) continue;
    past.sort((a, b) => a[0] - b[0]);
    let reach = vector.get(client) ?? 0;
    let joined = 0;
    while (joined < past.length && past[joined]![0] <= reach) reach = Math.max(reach, past[joined++]![1]);
    if (joined > 0) vector.set(client, reach);
    const rest = past.slice(joined).filter(([, to]) => to > reach);
    if (rest.length > 0) beyond.set(client, rest);
    else beyond.delete(client);
  }
}

/** The state vector of some pieces and what waits past a gap in them, read update by update (no merge). */
export interface VectorResult {
  vector: Uint8Array;
  /** [client, from, to] triples, flat (it crosses to and from the merge thread). */
  beyond: number[];
}

/** `from`: the exact vector of what comes before the pieces (nothing of it lies past it). */
export function vectorOfPieces(pieces: StoredPieces, from: Map<number, number> = new Map()): VectorResult {
  return vectorOfRanges(
    piecesInOrder(pieces).map((update) => rangesOf(Y.decodeUpdate(update).structs)),
    from,
  );
}

/** The same from each update's ranges, as stored beside it (see encodeReach): nothing to decode. */
export function vectorOfRanges(updates: Iterable<readonly ClockRange[]>, from: Map<number, number> = new Map()): VectorResult {
  const vector = from;
  const beyond: Beyond = new Map();
  for (const ranges of updates) track(vector, beyond, ranges);
  return { vector: Y.encodeStateVector(vector), beyond: [...beyond].flatMap(([client, ranges]) => ranges.flatMap(([from, to]) => [client, from, to])) };
}

export function beyondFromFlat(flat: readonly number[]): Beyond {
  const beyond: Beyond = new Map();
  for (let i = 0; i < flat.length; i += 3) {
    const ranges = beyond.get(flat[i]!);
    if (ranges) ranges.push([flat[i + 1]!, flat[i + 2]!]);
    else beyond.set(flat[i]!, [[flat[i + 1]!, flat[i + 2]!]]);
  }
  return beyond;
}
