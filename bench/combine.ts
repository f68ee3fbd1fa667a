// Folds repeated runs of one workload on one server into one figure per metric: the median of
// numbers, "yes" only if every run said yes, and the first string.

import { median, round } from './stats.js';
import type { Value } from './workloads/types.js';

export function combineRuns(runs: Record<string, Value>[]): Record<string, Value> {
  if (runs.length === 1) return runs[0]!;
  const keys = new Set(runs.flatMap((r) => Object.keys(r)));
  const combined: Record<string, Value> = {};
  for (const key of keys) {
    const values = runs.map((r) => r[key]).filter((v): v is Value => v !== undefined && v !== null);
    if (values.length === 0) combined[key] = null;
    else if (values.every((v) => typeof v === 'number')) combined[key] = round(median(values as number[]), 2);
    else if (values.every((v) => typeof v === 'boolean')) combined[key] = values.every(Boolean);
    else combined[key] = values[0]!;
  }
  return combined;
}
