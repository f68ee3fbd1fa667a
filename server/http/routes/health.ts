// GET /healthz: 200 while the server can take and store changes; 503 naming the reason otherwise
// (stopping, the store not answering, or writes to it failing). Load balancers and operators read it.

import { Hono } from 'hono';
import type { Store } from '../../storage/store.js';
import type { WriteHealth } from '../../storage/write-health.js';
import { errorResponse } from '../api-error.js';

/** A write is tried at most this often when no document's write has reported (an idle server). */
const PROBE_EVERY_MS = 1_000;
const PROBE_KEY = 'health-probe';

export interface HealthDeps {
  store: Store;
  writeHealth: WriteHealth;
  stopping: () => boolean;
}

/** The outcome of one small write, shared by every check within PROBE_EVERY_MS. */
class WriteProbe {
  private last: { at: number; outcome: Promise<unknown> } | null = null;

  constructor(private readonly store: Store) {}

  /** Null when the write succeeded; the error otherwise. */
  run(): Promise<unknown> {
    if (!this.last || Date.now() - this.last.at >= PROBE_EVERY_MS) {
      const outcome = this.store.setSetting(PROBE_KEY, new Date().toISOString()).then(
        () => null,
        (error: unknown) => error ?? new Error('write failed'),
      );
      this.last = { at: Date.now(), outcome };
    }
    return this.last.outcome;
  }
}

export function healthRoutes({ store, writeHealth, stopping }: HealthDeps): Hono {
  const probe = new WriteProbe(store);
  return new Hono().get('/healthz', async (c) => {
    if (stopping()) return errorResponse(c, 503, 'stopping', 'the server is stopping; connect to another instance or retry shortly');
    const writes = writeHealth.status;
    if (!writes.ok) {
      const { failure, since, documents } = writes;
      const what = `storing changes fails (${failure.reason.replace('_', ' ')}) since ${new Date(since).toISOString()}, for ${documents} document(s)`;
      return errorResponse(c, 503, 'store_write_failing', `${what}: ${failure.advice}`);
    }
    try {
      await store.ping();
    } catch {
      return errorResponse(c, 503, 'store_unavailable', 'the document store does not answer');
    }
    const failed = await probe.run();
    if (failed) {
      const failure = writeHealth.describe(failed);
      return errorResponse(c, 503, 'store_write_failing', `a test write to the store failed (${failure.reason.replace('_', ' ')}): ${failure.advice}`);
    }
    return c.json({ status: 'ok' });
  });
}
