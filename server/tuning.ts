// How the server trades memory, latency and disk writes. Constants, not operator settings (the
// README lists those): tests and benchmarks change them through startServer's `tuning` option, or,
// for a server in a child process, GLOSSA_TUNING (JSON with these names). Why each value is what it
// is: docs/architecture.md; the measurements behind them: docs/benchmarks-history.md.

import { z } from 'zod';

const MiB = 1024 * 1024;
const count = (min: number) => z.number().int().min(min);

export const tuningSchema = z
  .object({
    /** Not read or changed by the server this long, a room's content is kept as bytes again; 0: never. */
    dormantAfterMs: count(0),
    /** A document's update log is compacted into a snapshot at this many rows (see RoomCompaction). */
    compactMaxRows: count(1),
    /** ...or at this many bytes, without waiting for the edits to pause. */
    compactMaxBytes: count(1024),
    /** Folds and compactions that are due wait for a document's edits to pause this long (at most ten times as long); 0: at once. */
    mergeQuietMs: count(0),
    /** How often documents nobody has open are compacted; 0: never. */
    sweepIntervalMs: count(0),
    /** Where documents' bytes are merged: a thread started and warmed up with the server, one started on first use, or the main thread. */
    mergeThread: z.enum(['warm', 'lazy', 'off']),
    /** Outbound bytes queued for one client before it is told to resync. */
    slowClientBufferBytes: count(1024),
  })
  .strict();

export type Tuning = z.infer<typeof tuningSchema>;

export const TUNING: Readonly<Tuning> = Object.freeze({
  dormantAfterMs: 60_000,
  compactMaxRows: 500,
  compactMaxBytes: 4 * MiB,
  mergeQuietMs: 1000,
  sweepIntervalMs: 60_000,
  mergeThread: 'warm',
  slowClientBufferBytes: 32 * MiB,
});
