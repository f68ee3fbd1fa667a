// Expected failures of the HTTP API, rendered as {error: {code, message}} by one onError.

import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ModelError } from '../../shared/model/model-error.js';
import type { Logger } from '../logger.js';
import { QuotaError } from '../auth/principal.js';
import { StoreFailingError, describeWriteFailure } from '../storage/write-failure.js';
import { STORE_WRITE_FAILING } from '../../shared/protocol/store-status.js';

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const modelErrorStatus = { invalid: 400, unprocessable: 422, not_found: 404, conflict: 409, forbidden: 403, too_large: 413 } as const;

export function errorResponse<C extends Context>(c: C, status: ContentfulStatusCode, code: string, message: string): Response {
  return c.json({ error: { code, message } }, status);
}

export function handleError(log: Logger) {
  return (error: Error, c: Context): Response => {
    if (error instanceof ApiError) return errorResponse(c, error.status, error.code, error.message);
    if (error instanceof ModelError) return errorResponse(c, modelErrorStatus[error.kind], error.code, error.message);
    if (error instanceof QuotaError) return errorResponse(c, 429, 'quota_exceeded', error.message);
    if (error instanceof StoreFailingError) {
      c.header('Retry-After', '2');
      // The reason too, so a client that was not told over its socket can say why.
      return c.json({ error: { code: STORE_WRITE_FAILING, message: error.message, reason: error.failure.reason } }, 503);
    }
    if (error instanceof HTTPException && error.status < 500) {
      return errorResponse(c, error.status, 'http_error', error.message || 'request refused');
    }
    // The store failing (disk full, unreachable, …) is the server's trouble of the moment: 503, which
    // clients retry, with what failed; not a 500 that reads as a bug.
    const failure = describeWriteFailure(error);
    if (failure.reason !== 'unknown') {
      log.error({ err: error, method: c.req.method, path: c.req.path, reason: failure.reason }, 'request failed: the store failed');
      c.header('Retry-After', '2');
      return errorResponse(c, 503, 'store_unavailable', `${failure.message} Try again shortly.`);
    }
    log.error({ err: error, method: c.req.method, path: c.req.path }, 'unhandled error in request');
    return errorResponse(c, 500, 'internal', 'the server failed to handle this request');
  };
}
