// What every workload provides: the figures it reports and how to measure them on one server.

import type { Sizes } from '../config.js';
import type { ServerSpec } from '../servers/types.js';

export type Better = 'lower' | 'higher' | 'none';

export interface Metric {
  key: string;
  label: string;
  unit: string;
  better: Better;
}

export type Value = number | string | boolean | null;

export interface WorkloadContext {
  spec: ServerSpec;
  sizes: Sizes;
  /** Empty directory for this server's data in this workload. */
  dataDir: string;
  clientProcesses: number;
  /** Set when a CPU profile of the server is wanted under this workload. */
  profileDir?: string;
  /** The text every document starts with. */
  text: string;
  log(message: string): void;
}

export interface Workload {
  id: string;
  title: string;
  metrics(sizes: Sizes): Metric[];
  appliesTo(spec: ServerSpec): boolean;
  /** Measures one server; values by metric key, plus anything worth keeping in the raw JSON. */
  run(ctx: WorkloadContext): Promise<WorkloadRun>;
  /**
   * Figures over all of a server's runs taken together (a percentile of every round of every run),
   * from each run's raw results; reported beside the medians of the per-run figures.
   */
  pooled?(raws: unknown[]): Record<string, Value>;
}

export interface WorkloadRun {
  values: Record<string, Value>;
  raw?: unknown;
  /** Monotonic ms (monoMs) between which the measured load ran, to cut a CPU profile to it. */
  window?: [number, number];
}
