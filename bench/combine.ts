// Folds repeated runs of one workload on one server into one figure per metric: the median of
// numbers, "yes" only if every run said yes, and the first string.

import { median, round } from './stats.js';
import type { Value, Workload } from './workloads/types.js';

/** One run's figures and the raw results it kept. */
export interface MeasuredRun {
  values: Record<string, Value>;
  raw: unknown;
}

export function combineRuns(runs: Record<string, Value>[]): Record<string, Value> {
  if (runs.length === 1) return runs[0]!;
  const keys = new Set(runs.flatMap((r) => Object.keys(r)));
  const combined: Record<string, Value> = {};
  for (const key of keys) {
    const values = runs.map((r) => r[key]).filter((v): v is Value => v !== undefined && v !== null);
    if (values.length === 0) combined[key] = null;
    else if (values.every((v) => typeof v === 'number')) combined[key] = round(median(values), 2);
    else if (values.every((v) => typeof v === 'boolean')) combined[key] = values.every(Boolean);
    else combined[key] = values[0]!;
  }
  return combined;
}

/** What the harness keeps of one server's runs: each successful run's figures, and every run's raw results or error. */
export interface RunsRecord {
  runs: Record<string, Value>[];
  details: ({ raw: unknown } | { error: string })[];
}

/** The successful runs with their raw results, in repeat order. */
export function measuredRuns(record: RunsRecord): MeasuredRun[] {
  const raws = record.details.flatMap((run) => ('raw' in run ? [run.raw] : []));
  return record.runs.map((values, i) => ({ values, raw: raws[i] }));
}

/** A workload's way of folding runs into figures: medians of the runs' figures, plus its pooled ones. */
export function foldRuns(workload: Pick<Workload, 'pooled'> | undefined): (runs: readonly MeasuredRun[]) => Record<string, Value> {
  return (runs) => ({ ...combineRuns(runs.map((r) => r.values)), ...workload?.pooled?.(runs.map((r) => r.raw)) });
}
