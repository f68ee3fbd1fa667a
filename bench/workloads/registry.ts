// The workloads, in the order they run.

import { coldLoad } from './cold-load.js';
import { fanout } from './fanout.js';
import { memory } from './memory.js';
import { restartAck } from './restart-ack.js';
import { savedAck } from './saved-ack.js';
import { soak } from './soak.js';
import { throughput } from './throughput.js';
import type { Workload } from './types.js';

export const ALL_WORKLOADS: readonly Workload[] = [fanout, throughput, memory, coldLoad, soak, savedAck, restartAck];
