// Whether the store takes writes right now, as the documents' writers have found: any document
// whose changes wait to be stored makes the server unhealthy until they are stored. Logs once when
// writes start failing (what failed and what to do) and once when they work again.

import type { Logger } from '../logger.js';
import { type WriteFailure, describeWriteFailure } from './write-failure.js';

export type WriteHealthStatus =
  | { ok: true }
  | {
      ok: false;
      failure: WriteFailure;
      /** Epoch ms of the first failure of this episode. */
      since: number;
      /** Documents whose changes wait to be stored. */
      documents: number;
    };

export class WriteHealth {
  private readonly failing = new Map<string, WriteFailure>();
  private latest: WriteFailure | null = null;
  private since = 0;

  constructor(private readonly log: Logger) {}

  /** A write for `documentId` failed; its changes are kept and retried. */
  failed(documentId: string, error: unknown): WriteFailure {
    const failure = describeWriteFailure(error);
    const first = this.failing.size === 0;
    this.failing.set(documentId, failure);
    this.latest = failure;
    if (first) {
      this.since = Date.now();
      this.log.error(
        { err: error, documentId, reason: failure.reason },
        `storing changes failed: ${failure.message} What to do: ${failure.advice}. Health checks answer 503 until writes succeed.`,
      );
    }
    return failure;
  }

  /** A write for `documentId` succeeded: whatever waited for it is stored. */
  succeeded(documentId: string): void {
    if (!this.failing.delete(documentId) || this.failing.size > 0) return;
    this.log.warn({ failedForMs: Date.now() - this.since, reason: this.latest?.reason }, 'storing changes works again; every waiting change is stored');
    this.latest = null;
  }

  /** What an error from a write that is not a document's (a health probe) means. */
  describe(error: unknown): WriteFailure {
    return describeWriteFailure(error);
  }

  get status(): WriteHealthStatus {
    if (this.failing.size === 0 || !this.latest) return { ok: true };
    return { ok: false, failure: this.latest, since: this.since, documents: this.failing.size };
  }
}
