// Who a request or socket belongs to, as established by a verified token (or open mode).

import type { Role } from '../../shared/model/types.js';

export interface Principal {
  /** The token's `sub`: stable id of the person in the host's directory. */
  id: string;
  name: string;
  color: string;
  /** Role on every document, from the token. */
  role: Role | null;
  /** Roles on particular documents, from the token. */
  /** A Map, not an object: a document id like `__proto__` or `constructor` must find nothing. */
  grants: ReadonlyMap<string, Role>;
  /** When the token stops being valid (ms since epoch); null in open mode. */
  expiresAt: number | null;
}

export class AuthError extends Error {
  constructor(
    readonly code: 'missing_token' | 'invalid_token' | 'token_expired',
    message: string,
  ) {
    super(message);
  }
}

/** The person has created as much as one person may (MAX_DOCUMENTS_PER_PERSON, MAX_SOURCE_BYTES_PER_PERSON). */
export class QuotaError extends Error {}
