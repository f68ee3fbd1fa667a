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

export function isStoreFailure(value: string): value is StoreFailure {
  return (STORE_FAILURES as readonly string[]).includes(value);
}

/** The error code of a request refused because storing fails (HTTP 503; nothing was changed, so it may be sent again). */
export const STORE_WRITE_FAILING = 'store_write_failing';
