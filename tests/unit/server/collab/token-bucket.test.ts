// The rate budget: refills continuously, bounds bursts, and tells how long a sender has been over.

import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../../../server/collab/token-bucket.js';

describe('TokenBucket', () => {
  it('lets the budget through at once, then refills continuously', () => {
    const bucket = new TokenBucket(10, 0);
    for (let i = 0; i < 10; i++) expect(bucket.take(1, 0)).toBe(true);
    expect(bucket.take(1, 0)).toBe(false);
    expect(bucket.waitFor(1, 0)).toBe(100);
    expect(bucket.take(1, 100)).toBe(true);
  });

  it('bounds a burst across a second boundary (a fixed window let twice the budget through)', () => {
    const bucket = new TokenBucket(100, 0);
    let taken = 0;
    for (let t = 900; t <= 1100; t += 10) while (bucket.take(1, t)) taken++;
    expect(taken).toBeLessThanOrEqual(120);
  });

  it('takes one amount larger than the budget from a full bucket, and the debt paces what follows', () => {
    const bucket = new TokenBucket(1000, 0);
    expect(bucket.take(1500, 0)).toBe(true);
    expect(bucket.waitFor(1, 0)).toBe(501);
  });

  it('counts being over from the first refusal until the bucket has been full again', () => {
    const bucket = new TokenBucket(10, 0);
    for (let i = 0; i < 11; i++) bucket.take(1, 0);
    // Paced at the refill rate: never full again, so the run goes on.
    for (let t = 100; t <= 5_000; t += 100) expect(bucket.take(1, t)).toBe(true);
    expect(bucket.overFor(5_000)).toBe(5_000);
    // A rest that fills the bucket ends it.
    expect(bucket.overFor(7_000)).toBe(0);
  });
});
