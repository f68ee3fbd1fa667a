// `npm run test:faults`: the fault suite (tests/faults/). Each scenario starts real server processes
// and kills, stops or starves them under many writers, so files run one at a time with generous
// timeouts; `npm test` leaves these files out (vitest.config.ts).

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/faults/**/*.test.ts'],
    globalSetup: ['tests/support/build-client.ts'],
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 240_000,
    hookTimeout: 60_000,
    teardownTimeout: 60_000,
  },
});
