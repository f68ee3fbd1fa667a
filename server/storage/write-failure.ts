// What a failed write to the store means, for people: the reason a client shows and the advice an
// operator needs. Both stores' error codes (SQLite's and PostgreSQL's SQLSTATE) are read here.

import { STORE_FAILURE_MESSAGES, type StoreFailure } from '../../shared/protocol/store-status.js';

export interface WriteFailure {
  reason: StoreFailure;
  /** One sentence for the people whose changes wait: what failed. */
  message: string;
  /** What an operator should do about it. */
  advice: string;
}

const advice: Record<StoreFailure, string> = {
  disk_full: 'free space on the volume that holds the database; unsaved changes are kept in memory and written, in order, as soon as a write succeeds',
  read_only: 'make the database writable again (file permissions, a read-only mount, or a standby PostgreSQL); unsaved changes are kept and retried',
  io_error: 'check the disk and the file system holding the database; unsaved changes are kept and retried',
  busy: 'another process holds the database lock, or the connection pool is exhausted; unsaved changes are kept and retried',
  unreachable: 'start the database or restore the network path to it; unsaved changes are kept and retried',
  unknown: 'see the error logged with this line; unsaved changes are kept and retried',
};

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

function reasonOf(error: unknown): StoreFailure {
  const code = codeOf(error);
  // SQLite (better-sqlite3 names extended codes, e.g. SQLITE_IOERR_WRITE).
  if (code === 'SQLITE_FULL') return 'disk_full';
  if (code.startsWith('SQLITE_READONLY')) return 'read_only';
  if (code.startsWith('SQLITE_IOERR') || code === 'SQLITE_CORRUPT' || code === 'SQLITE_CANTOPEN') return 'io_error';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'busy';
  // PostgreSQL SQLSTATEs: class 53 insufficient resources, 25006 read-only transaction, 58 system
  // errors, 57P admin shutdown, 08 connection exceptions.
  if (code === '53100') return 'disk_full';
  if (code === '25006') return 'read_only';
  if (code.startsWith('58')) return 'io_error';
  if (code === '53300' || code === '55P03' || code === '40P01') return 'busy';
  if (code.startsWith('57P') || code.startsWith('08')) return 'unreachable';
  // Node's socket errors, and pg's own when the server goes away mid-query.
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND'].includes(code)) return 'unreachable';
  const text = error instanceof Error ? error.message : '';
  if (/connection terminated|timeout exceeded when trying to connect|query read timeout|not queryable|client was closed/i.test(text)) return 'unreachable';
  if (/no space left on device/i.test(text)) return 'disk_full';
  return 'unknown';
}

export function describeWriteFailure(error: unknown): WriteFailure {
  // Drizzle wraps the driver's error (its code included) as the cause of its own.
  let reason: StoreFailure = 'unknown';
  for (let e: unknown = error, depth = 0; e && reason === 'unknown' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) reason = reasonOf(e);
  return { reason, message: STORE_FAILURE_MESSAGES[reason], advice: advice[reason] };
}

/** Thrown instead of taking a change that could not be stored now; the HTTP layer answers 503. */
export class StoreFailingError extends Error {
  constructor(readonly failure: WriteFailure) {
    super(`${failure.message} Nothing was changed; try again shortly.`);
  }
}
