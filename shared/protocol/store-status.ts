// Whether the server can store a document's changes right now: sent to clients that asked for
// saved acknowledgements (`?ack=saved`), so a person sees at once that their work is not yet safe.

/** Why storing failed, as a client shows it; the server classifies its store's errors into these. */
export const STORE_FAILURES = ['disk_full', 'read_only', 'io_error', 'busy', 'unreachable', 'unknown'] as const;
export type StoreFailure = (typeof STORE_FAILURES)[number];

export type StoreStatus =
  | { saving: 'ok' }
  | {
      saving: 'failing';
      reason: StoreFailure;
      /** One sentence for people: what failed; nothing is lost while the page stays open. */
      message: string;
    };

export const STORE_OK: StoreStatus = Object.freeze({ saving: 'ok' });

/** What each failure means, in one sentence for the people whose changes wait. */
export const STORE_FAILURE_MESSAGES: Readonly<Record<StoreFailure, string>> = {
  disk_full: 'The server cannot store changes: its disk is full.',
  read_only: 'The server cannot store changes: its database is read-only.',
  io_error: 'The server cannot store changes: the disk reports errors.',
  busy: 'The server cannot store changes: its database is busy.',
  unreachable: 'The server cannot reach its database.',
  unknown: 'The server cannot store changes right now.',
};

/** The status a client shows for a failure named by `reason` (anything unknown reads as 'unknown'). */
export function failingStatus(reason: string): StoreStatus {
  const known = isStoreFailure(reason) ? reason : 'unknown';
  return { saving: 'failing', reason: known, message: STORE_FAILURE_MESSAGES[known] };
}

export function isStoreFailure(value: string): value is StoreFailure {
  return (STORE_FAILURES as readonly string[]).includes(value);
}

/** The error code of a request refused because storing fails (HTTP 503; nothing was changed, so it may be sent again). */
export const STORE_WRITE_FAILING = 'store_write_failing';
