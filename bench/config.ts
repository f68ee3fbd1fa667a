// Workload sizes (full and --quick) and the command-line flags that select and resize them.

import { parseArgs } from 'node:util';

export interface Sizes {
  fanoutClients: number[];
  fanoutRounds: number;
  fanoutWarmupRounds: number;
  throughputWriters: number;
  throughputSeconds: number;
  /** Entries a writer may have written but not yet seen echoed by another client. */
  throughputWindow: number;
  memoryDocs: number;
  memoryClientsPerDoc: number;
  coldAnnotations: number;
  coldComments: number;
  coldRuns: number;
  soakClients: number;
  soakDocs: number;
  soakSeconds: number;
  soakOpsPerClientPerSecond: number;
  /** F and G: writers on one document, each asking for saved acknowledgements. */
  ackWriters: number;
  /** F and G: entries each writer adds per second (20 × 50/s: the load of the fault reports, issue 23). */
  ackRate: number;
  /** F: seconds measured, after ackWarmupSeconds. */
  ackSeconds: number;
  ackWarmupSeconds: number;
  /** G: entries written into the document's update log (not compacted) before the kill. */
  restartEntries: number;
  /** G: seconds after the restart that are measured (the writers go on writing throughout). */
  restartWindowSeconds: number;
  /**
   * G: while the log fills, the server compacts as it does by default (a snapshot and at most a
   * couple of thousand rows at the kill), instead of not at all (the worst case: every entry a row).
   */
  restartCompaction: boolean;
}

export const FULL: Sizes = {
  fanoutClients: [20, 100, 250],
  fanoutRounds: 200,
  // The load processes take ~70 rounds to settle: with 20 warm-up rounds, every server's first 30
  // measured rounds ran at 2–3× the p50 of the rest and filled most of the rounds a p99 is read from.
  fanoutWarmupRounds: 100,
  throughputWriters: 50,
  throughputSeconds: 10,
  throughputWindow: 16,
  memoryDocs: 500,
  memoryClientsPerDoc: 2,
  coldAnnotations: 10_000,
  coldComments: 5_000,
  coldRuns: 3,
  soakClients: 100,
  soakDocs: 20,
  soakSeconds: 300,
  soakOpsPerClientPerSecond: 1,
  ackWriters: 20,
  ackRate: 50,
  ackSeconds: 20,
  ackWarmupSeconds: 3,
  restartEntries: 35_000,
  restartWindowSeconds: 10,
  restartCompaction: false,
};

export const QUICK: Sizes = {
  ...FULL,
  fanoutRounds: 60,
  fanoutWarmupRounds: 20,
  throughputSeconds: 5,
  memoryDocs: 200,
  coldRuns: 1,
  soakSeconds: 60,
  ackSeconds: 10,
  restartEntries: 10_000,
};

export interface Options {
  workloads: string[];
  servers: string[] | null;
  sizes: Sizes;
  quick: boolean;
  clientProcesses: number;
  /** Server on CPU 0, harness and load clients on CPU 1 (see bench/pin.ts). */
  pin: boolean;
  /** The workload under which Glossa is CPU-profiled (first run only), or null. */
  profile: string | null;
  /** Runs of each workload per server; figures are their medians. */
  repeat: number;
  out: string | null;
  /** Settings for a second Glossa measured beside the first (`--variant NAME=VALUE`), or null. */
  variant: Record<string, string> | null;
  /** A commit whose Glossa is measured beside the work tree's (`--against REV`), or null. */
  against: string | null;
}

const HELP = `npm run bench -- [flags]
  --workloads A,B,C,D,E   which workloads (default A,B,C,D,E,F,G)
  --servers id,...        glossa,yws-memory,yws-leveldb,hocus-memory,hocus-sqlite,floor (default all);
                          also glossa-pg (Glossa on the local PostgreSQL), only when named
  --quick                 smaller sizes (A: 60 rounds, B: 5 s, C: 200 docs, D: 1 run, E: 60 s, F: 10 s,
                          G: 10,000 entries)
  --rounds N              A: measured rounds per N
  --fanout 20,100,250     A: client counts
  --seconds N             B: seconds of writing
  --docs N                C: documents
  --annotations N         D: annotations (comments default to half)
  --cold-runs N           D: restarts measured per server
  --soak-seconds N        E: duration per server
  --ack-writers N         F, G: writers on the document (default 20)
  --ack-rate N            F, G: entries per writer per second (default 50)
  --ack-seconds N         F: seconds measured (default 20)
  --restart-entries N     G: entries in the update log at the kill (default 35000)
  --restart-window N      G: seconds measured after the restart (default 10)
  --restart-compaction    G: the log fills with the server compacting as by default (otherwise: not at all)
  --client-processes N    load processes per workload (default 2)
  --repeat N              run each workload N times per server (interleaved); report medians
  --profile               CPU profile of Glossa under B (bench/results/raw/profiles)
  --profile-under A       the same under another workload (A, B or F: the ones that start Glossa once;
                          G: the restarted server, cut to the measured seconds after the restart)
  --pin                   the server alone on CPU 0, the harness and load clients on CPU 1 (taskset)
  --out FILE              also write the summary JSON here
  --variant NAME=VALUE    also run Glossa with this environment setting (repeatable), e.g.
                          --variant 'GLOSSA_TUNING={"compactMaxRows":2000}' --variant NODE_OPTIONS=--max-semi-space-size=4
  --against REV           also run Glossa as it was at that commit (compiled under bench/results/raw/builds)`;

function list(value: string | undefined): string[] | null {
  return value
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : null;
}

function positive(name: string, value: string | undefined): number | null {
  if (value === undefined) return null;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number (got "${value}")`);
  return n;
}

export function parseOptions(argv: string[]): Options | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      workloads: { type: 'string' },
      servers: { type: 'string' },
      quick: { type: 'boolean', default: false },
      rounds: { type: 'string' },
      fanout: { type: 'string' },
      seconds: { type: 'string' },
      docs: { type: 'string' },
      annotations: { type: 'string' },
      'cold-runs': { type: 'string' },
      'soak-seconds': { type: 'string' },
      'ack-writers': { type: 'string' },
      'ack-rate': { type: 'string' },
      'ack-seconds': { type: 'string' },
      'restart-entries': { type: 'string' },
      'restart-window': { type: 'string' },
      'restart-compaction': { type: 'boolean', default: false },
      'client-processes': { type: 'string' },
      profile: { type: 'boolean', default: false },
      'profile-under': { type: 'string' },
      pin: { type: 'boolean', default: false },
      repeat: { type: 'string' },
      out: { type: 'string' },
      variant: { type: 'string', multiple: true },
      against: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return null;
  }
  const sizes: Sizes = { ...(values.quick ? QUICK : FULL) };
  const rounds = positive('rounds', values.rounds);
  if (rounds) sizes.fanoutRounds = rounds;
  const fanout = list(values.fanout);
  if (fanout) sizes.fanoutClients = fanout.map((n) => positive('fanout', n)!);
  const seconds = positive('seconds', values.seconds);
  if (seconds) sizes.throughputSeconds = seconds;
  const docs = positive('docs', values.docs);
  if (docs) sizes.memoryDocs = docs;
  const annotations = positive('annotations', values.annotations);
  if (annotations) {
    sizes.coldAnnotations = annotations;
    sizes.coldComments = Math.floor(annotations / 2);
  }
  const coldRuns = positive('cold-runs', values['cold-runs']);
  if (coldRuns) sizes.coldRuns = coldRuns;
  const soak = positive('soak-seconds', values['soak-seconds']);
  if (soak) sizes.soakSeconds = soak;
  const ackWriters = positive('ack-writers', values['ack-writers']);
  if (ackWriters) sizes.ackWriters = ackWriters;
  const ackRate = positive('ack-rate', values['ack-rate']);
  if (ackRate) sizes.ackRate = ackRate;
  const ackSeconds = positive('ack-seconds', values['ack-seconds']);
  if (ackSeconds) sizes.ackSeconds = ackSeconds;
  const restartEntries = positive('restart-entries', values['restart-entries']);
  if (restartEntries) sizes.restartEntries = restartEntries;
  if (values['restart-compaction']) sizes.restartCompaction = true;
  const restartWindow = positive('restart-window', values['restart-window']);
  if (restartWindow) sizes.restartWindowSeconds = restartWindow;
  const workloads = (list(values.workloads) ?? ['A', 'B', 'C', 'D', 'E', 'F', 'G']).map((w) => w.toUpperCase());
  return {
    workloads,
    servers: list(values.servers),
    sizes,
    quick: values.quick ?? false,
    clientProcesses: positive('client-processes', values['client-processes']) ?? 2,
    profile: values['profile-under'] ?? (values.profile ? 'B' : null),
    pin: values.pin ?? false,
    repeat: positive('repeat', values.repeat) ?? 1,
    out: values.out ?? null,
    variant: values.variant ? settings(values.variant) : null,
    against: values.against ?? null,
  };
}

function settings(pairs: string[]): Record<string, string> {
  return Object.fromEntries(
    pairs.map((pair) => {
      const at = pair.indexOf('=');
      if (at <= 0) throw new Error(`--variant takes NAME=VALUE (got "${pair}")`);
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
}
