// What the main thread and the merge thread say to each other, and the merge itself (which runs
// on either side: small states are merged where they are, the round trip costing more).

import { type MergedState, type StoredPieces, collectStoredState, mergeStoredState } from './stored-doc.js';
import * as Y from 'yjs';

export interface MergeRequest {
  id: number;
  /** The updates in order (snapshot first), back to back: one buffer to hand over, not one per update. */
  bytes: Uint8Array;
  /** Where each update ends in `bytes`. */
  ends: number[];
  /** Drop deleted content (built through a Y.Doc) rather than merging the bytes as they are. */
  collect: boolean;
}

export type MergeReply = ({ id: number } & MergedState) | { id: number; error: string };

export function packPieces(pieces: StoredPieces): { bytes: Uint8Array<ArrayBuffer>; ends: number[] } {
  const all = pieces.snapshot ? [pieces.snapshot, ...pieces.updates] : pieces.updates;
  const bytes = new Uint8Array(all.reduce((sum, update) => sum + update.byteLength, 0));
  const ends: number[] = [];
  let at = 0;
  for (const update of all) {
    bytes.set(update, at);
    at += update.byteLength;
    ends.push(at);
  }
  return { bytes, ends };
}

export function unpackPieces({ bytes, ends }: Pick<MergeRequest, 'bytes' | 'ends'>): StoredPieces {
  return { snapshot: null, updates: ends.map((end, i) => bytes.subarray(i === 0 ? 0 : ends[i - 1], end)) };
}

/** The pieces as one update and its state vector; `collect`: with deleted content dropped. */
export function mergePieces(pieces: StoredPieces, collect: boolean): MergedState {
  if (collect) return collectStoredState(pieces);
  const state = mergeStoredState(pieces);
  return { state, stateVector: Y.encodeStateVectorFromUpdate(state) };
}
