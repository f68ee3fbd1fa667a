// What the store holds for a document (a snapshot and the log after it) as Yjs data.

import * as Y from 'yjs';
import { type DocumentSummary, summarizeDocument } from '../../../shared/model/document-summary.js';
import { encodeSyncUpdate, syncStep2Header } from '../../../shared/protocol/messages.js';
import type { StoredState } from '../../storage/store.js';
import { type OutboundMessage, SplitMessage } from '../collab-socket.js';
import { mergeUpdates } from './merge-updates.js';

/** A snapshot and the updates after it. */
export type StoredPieces = Pick<StoredState, 'snapshot' | 'updates'>;

/** The snapshot (if any) and the updates, in the order they apply. */
export function piecesInOrder(stored: StoredPieces): Uint8Array[] {
  return stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates;
}

/** Applies the snapshot, then the log in order, in one transaction. */
export function applyStoredState(doc: Y.Doc, stored: StoredPieces, origin?: unknown): void {
  Y.transact(
    doc,
    () => {
      if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot, origin);
      for (const update of stored.updates) Y.applyUpdate(doc, update, origin);
    },
    origin,
  );
}

export function docFromStoredState(stored: StoredPieces): Y.Doc {
  const doc = new Y.Doc();
  applyStoredState(doc, stored);
  return doc;
}

/** A document's content as one update, and its state vector. */
export interface MergedState {
  state: Uint8Array;
  /** Null when the state holds structs past a gap: its vector alone would not say all it holds. */
  stateVector: Uint8Array | null;
}

/** The stored state as one update with deleted content dropped (built through a Y.Doc), and its state vector. */
export function collectStoredState(stored: StoredPieces): MergedState {
  const doc = docFromStoredState(stored);
  // A Y.Doc encodes its pending structs (past a gap) with the rest; its state vector leaves them out.
  const collected = { state: Y.encodeStateAsUpdate(doc), stateVector: doc.store.pendingStructs ? null : Y.encodeStateVector(doc) };
  doc.destroy();
  return collected;
}

/** What the documents list shows of the stored state (it builds a Y.Doc: keep it off the main thread). */
export function summarizeStoredState(stored: StoredPieces): DocumentSummary {
  const doc = docFromStoredState(stored);
  const summary = summarizeDocument(doc);
  doc.destroy();
  return summary;
}

export const EMPTY_UPDATE = Y.encodeStateAsUpdate(new Y.Doc());

/** The stored state as one update, without building a Y.Doc. */
export function mergeStoredState(stored: StoredPieces): Uint8Array {
  const pieces = piecesInOrder(stored);
  if (pieces.length === 0) return EMPTY_UPDATE;
  return mergeUpdates(pieces);
}

// A client keeps updates that arrive before what they build on and merges them again at every
// further one: past a few, the log is sent as one update, or the client's work grows quadratically.
export const MAX_LOG_MESSAGES = 16;

/**
 * The stored state as y-websocket messages for a client that has nothing yet, without touching the
 * snapshot: the log as updates, then the snapshot as sync step 2, so a stock provider reports
 * "synced" only once it holds all of it (updates that arrive before what they build on wait in the
 * client). The snapshot is not copied into its message: on a cold load that copy was a third of
 * the server's time before the bytes went out (the fresh pages it takes fault in one by one).
 */
export function storedStateMessages(stored: StoredPieces): OutboundMessage[] {
  const log = stored.updates.length > MAX_LOG_MESSAGES ? [mergeUpdates(stored.updates)] : stored.updates;
  const snapshot = stored.snapshot ?? EMPTY_UPDATE;
  return [...log.map(encodeSyncUpdate), syncStep2Message(snapshot)];
}

/** `update` as sync step 2, written after its head rather than copied into it (clients that reconnect together share one large answer). */
export function syncStep2Message(update: Uint8Array): SplitMessage {
  return new SplitMessage(syncStep2Header(update), update);
}
