// The workloads, in the order they run.

import { fanout } from './fanout.js';
import { throughput } from './throughput.js';
import type { Workload } from './types.js';

export const ALL_WORKLOADS: readonly Workload[] = [fanout, throughput];
