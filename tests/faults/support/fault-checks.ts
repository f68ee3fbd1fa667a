// What every PostgreSQL and Redis fault scenario checks at its end, and the health answer it
// watches meanwhile.

import { expect } from 'vitest';
import { missingAckedAt } from './store-check.js';
import type { Writers } from './writers.js';

export interface Health {
  status: number;
  code: string | null;
  message: string;
}

/** GET /healthz: its status and, for an error, the code and message of `{ error: { code, message } }`. */
export async function health(baseUrl: string): Promise<Health> {
  const res = await fetch(`${baseUrl}/healthz`);
  const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  return { status: res.status, code: body?.error?.code ?? null, message: body?.error?.message ?? '' };
}

/**
 * The end of a scenario: the writers stop writing, every one is connected again (none gave up),
 * everything they wrote is acknowledged, they and a fresh reader on `baseUrl` hold the same state,
 * and the store itself, read directly, holds every acknowledged key.
 */
export async function expectNothingLost(writers: Writers, baseUrl: string, documentId: string, databaseUrl: string): Promise<void> {
  writers.pause();
  await writers.whenAllConnected();
  await writers.whenAllAcked();
  await writers.whenConverged(baseUrl, documentId);
  const acked = writers.acked();
  expect(acked.size).toBe(writers.written().size);
  expect(await missingAckedAt(databaseUrl, documentId, acked)).toEqual([]);
  expect(writers.connectedCount()).toBe(writers.clients.length);
  expect(writers.everGaveUp(), `close codes seen: ${[...new Set(writers.closeCodes())].join(', ')}`).toBe(false);
}
