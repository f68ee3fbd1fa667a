// Tear-down for what tests start. An afterAll registered while a test runs is never run (vitest
// attaches it to a suite it has already collected): servers spawned inside tests outlived the
// suite as orphans, a handful per `npm test`, and their temporary folders stayed behind.

import { afterAll, onTestFinished } from 'vitest';

/** Runs `fn` when the running test ends; outside a test (a describe body), after the file's tests. */
export function cleanUp(fn: () => unknown): void {
  const run = async () => {
    await fn();
  };
  try {
    onTestFinished(run);
  } catch {
    // Not inside a test: vitest says so by throwing.
    afterAll(run);
  }
}
