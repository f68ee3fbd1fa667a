// Every WebSocket close code the collaboration endpoint uses, in one table.
// Clients branch on these numbers, so they are a public contract (docs/protocol.md).
// Ranges follow the y-websocket client's convention: 4400-4499 means "reconnecting cannot
// help" (the stock provider stops), 4500-4599 and 1xxx mean "try again" (it reconnects).

export const CloseCode = {
  /** Normal end of the connection. */
  Normal: 1000,
  /** The server is shutting down; reconnect later. */
  GoingAway: 1001,
  /** A frame was larger than the configured maximum (standard code). */
  MessageTooBig: 1009,
  /** The message could not be decoded: bad framing, truncated varints, text frames. */
  MalformedMessage: 4400,
  /** No document with that id. */
  DocumentNotFound: 4404,
  /** The document was deleted while the connection was open. */
  DocumentDeleted: 4410,
  /** A message type this server does not speak. */
  UnknownMessageType: 4415,
  /** A Yjs or awareness update that does not decode or apply; it was not stored. */
  UpdateRejected: 4422,
  /** The server failed unexpectedly; nothing acknowledged was lost. Reconnect. */
  InternalError: 4500,
  /** The client fell too far behind; reconnect to resync from the server's state. */
  Resync: 4503,
} as const;

export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** Human-readable meaning of each close code, used for close reasons and docs. */
export const closeCodeMeaning: Record<CloseCode, string> = {
  [CloseCode.Normal]: 'closed',
  [CloseCode.GoingAway]: 'server shutting down',
  [CloseCode.MessageTooBig]: 'message too big',
  [CloseCode.MalformedMessage]: 'malformed message',
  [CloseCode.DocumentNotFound]: 'document not found',
  [CloseCode.Resync]: 'client too slow, reconnect to resync',
  [CloseCode.DocumentDeleted]: 'document deleted',
  [CloseCode.UnknownMessageType]: 'unknown message type',
  [CloseCode.UpdateRejected]: 'update rejected',
  [CloseCode.InternalError]: 'internal error',
};
