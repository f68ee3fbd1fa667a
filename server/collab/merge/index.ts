// The merge engine: a document's content kept as Yjs update bytes (not a Y.Doc), merged and read
// without building a Y.Doc where it can be, and off the main thread where it is large. What the
// rest of the server uses of it is here; the files beside this one are its inside.

export { type ContentMark, EncodedState, covers } from './encoded-state.js';
export { QuietTimer } from './quiet-timer.js';
export { type StateMerger, WorkerStateMerger, floorOf, inThreadMerger } from './state-merger.js';
export {
  EMPTY_UPDATE,
  MAX_LOG_MESSAGES,
  type StoredPieces,
  applyStoredState,
  docFromStoredState,
  storedStateMessages,
  syncStep2Message,
} from './stored-doc.js';
export { mergeDecoded } from './merge-decoded.js';
export { mergeUpdates } from './merge-updates.js';
export { type ClockRange, type DecodedUpdate, encodeReach } from './vector-tracking.js';
