// GET /healthz: 200 while the store answers, 503 otherwise.

import { Hono } from 'hono';
import type { Store } from '../../storage/store.js';
import { errorResponse } from '../api-error.js';

export function healthRoutes(store: Store): Hono {
  return new Hono().get('/healthz', async (c) => {
    try {
      await store.ping();
      return c.json({ status: 'ok' });
    } catch {
      return errorResponse(c, 503, 'store_unavailable', 'the document store does not answer');
    }
  });
}
