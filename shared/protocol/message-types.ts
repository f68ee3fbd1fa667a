// Message types of the collaboration socket: the y-websocket set plus Glossa's own.
// The first four are y-protocols' numbering; stock clients speak exactly those.

export const MessageType = {
  Sync: 0,
  Awareness: 1,
  Auth: 2,
  QueryAwareness: 3,
  /** Glossa: "everything up to this state vector is durable"; sent only to clients that ask for it. */
  Saved: 100,
  /** Glossa: whether the server can store this document's changes right now; sent only to clients that ask for Saved. */
  StoreStatus: 101,
} as const;

export type MessageType = (typeof MessageType)[keyof typeof MessageType];

/** y-protocols sync sub-types. */
export const SyncStep = {
  Step1: 0,
  Step2: 1,
  Update: 2,
} as const;

export type SyncStep = (typeof SyncStep)[keyof typeof SyncStep];

/** Query parameter a client adds to the socket URL to receive Saved messages: `?ack=saved`. */
export const SAVED_ACK_PARAM = 'ack';
export const SAVED_ACK_VALUE = 'saved';

/** Path prefix of the collaboration endpoint; the document id follows it. */
export const COLLAB_PATH = '/collab';
