// Every WebSocket close code the collaboration endpoint uses, in one table.
// Clients branch on these numbers, so they are a public contract (docs/protocol.md).
// Ranges follow the y-websocket client's convention: 4400-4499 means "reconnecting cannot
// help" (the stock provider stops), 4500-4599 and 1xxx mean "try again" (it reconnects).

export const CloseCode = {
  /** Normal end of the connection. */
  Normal: 1000,
  /** The server is shutting down; reconnect later. */
  GoingAway: 1001,
  /** The server is restarting (a graceful stop); reconnect, to it or another instance. Nothing acknowledged was lost. */
  ServiceRestart: 1012,
  /** The client stayed over a rate limit for seconds even though the server paced it; reconnect (resyncs what was not read). */
  TryAgainLater: 1013,
  /** A frame was larger than the configured maximum (standard code). */
  MessageTooBig: 1009,
  /** The message could not be decoded: bad framing, truncated varints, text frames. */
  MalformedMessage: 4400,
  /** No valid token: missing, malformed, wrongly signed or expired. Get a fresh token and reconnect. */
  Unauthenticated: 4401,
  /** The person may not open this document (or no longer may: access revoked). */
  Forbidden: 4403,
  /** No document with that id. */
  DocumentNotFound: 4404,
  /** The person's role may not write Yjs updates (viewer, commenter); the update was not applied. */
  ReadOnly: 4405,
  /** The document was deleted while the connection was open. */
  DocumentDeleted: 4410,
  /** The update would grow the document past the configured maximum; it was not applied. */
  DocumentTooLarge: 4413,
  /** A message type this server does not speak. */
  UnknownMessageType: 4415,
  /** A Yjs or awareness update that does not decode or apply, or awareness for another socket's client. */
  UpdateRejected: 4422,
  /** Too many messages or bytes per second, or too many connections for one person. */
  RateLimited: 4429,
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
  [CloseCode.ServiceRestart]: 'server restarting; reconnect',
  [CloseCode.TryAgainLater]: 'try again later',
  [CloseCode.MessageTooBig]: 'message too big',
  [CloseCode.MalformedMessage]: 'malformed message',
  [CloseCode.Unauthenticated]: 'unauthenticated',
  [CloseCode.Forbidden]: 'forbidden',
  [CloseCode.DocumentNotFound]: 'document not found',
  [CloseCode.ReadOnly]: 'read-only',
  [CloseCode.DocumentTooLarge]: 'document too large',
  [CloseCode.RateLimited]: 'rate limited',
  [CloseCode.Resync]: 'client too slow, reconnect to resync',
  [CloseCode.DocumentDeleted]: 'document deleted',
  [CloseCode.UnknownMessageType]: 'unknown message type',
  [CloseCode.UpdateRejected]: 'update rejected',
  [CloseCode.InternalError]: 'internal error',
};
