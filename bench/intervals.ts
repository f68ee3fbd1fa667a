// How far a ratio could move with other runs: a paired bootstrap over the repeats. Repeats run
// interleaved, so repeat i of Glossa and repeat i of a peer shared the machine's minute; resampling
// repeat indices (the same ones for both) keeps that pairing, and the spread of the resampled ratios
// is what the run-to-run noise allows. A ratio of ×1.01 whose range is 0.93–1.09 says "level", not
// "behind"; one of ×0.84 with 0.80–0.88 says "ahead".

import { percentile } from './stats.js';
import type { Value } from './workloads/types.js';

const RESAMPLES = 1000;
/** The central share of resampled ratios reported. */
export const INTERVAL_PERCENT = 90;

/** A small seeded generator (mulberry32), so a summary renders the same ranges every time. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Folds a list of one server's runs into figures (the medians, and any pooled figures). */
export type Fold<Run> = (runs: readonly Run[]) => Record<string, Value>;

/**
 * For each numeric figure, the range holding the central INTERVAL_PERCENT of subject ÷ peer over
 * resampled repeats. Only for at least three repeats run by both (with fewer there is nothing to
 * resample); runs are paired by position.
 */
export function ratioIntervals<Run>(subject: readonly Run[], peer: readonly Run[], fold: Fold<Run>): Record<string, [number, number]> {
  const n = Math.min(subject.length, peer.length);
  if (n < 3) return {};
  const random = generator(n * 7919 + subject.length);
  const ratios = new Map<string, number[]>();
  for (let r = 0; r < RESAMPLES; r++) {
    const picks = Array.from({ length: n }, () => Math.floor(random() * n));
    const mine = fold(picks.map((i) => subject[i]!));
    const theirs = fold(picks.map((i) => peer[i]!));
    for (const [key, value] of Object.entries(mine)) {
      const other = theirs[key];
      if (typeof value !== 'number' || typeof other !== 'number' || other <= 0 || value < 0) continue;
      const list = ratios.get(key) ?? [];
      list.push(value / other);
      ratios.set(key, list);
    }
  }
  const tail = (100 - INTERVAL_PERCENT) / 2;
  const intervals: Record<string, [number, number]> = {};
  for (const [key, list] of ratios) {
    // A figure missing from some resamples (a run that lacked it) has no honest range.
    if (list.length === RESAMPLES) intervals[key] = [percentile(list, tail), percentile(list, 100 - tail)];
  }
  return intervals;
}
