// What a room is opened with in the collaboration core's unit tests: the server's limits, merges on
// the test's own thread, no dormancy, and merges as soon as they are due.

import type { Logger } from '../../server/logger.js';
import { inThreadMerger } from '../../server/collab/merge/index.js';
import type { RoomOptions } from '../../server/collab/room.js';
import { WriteHealth } from '../../server/storage/write-health.js';

export function testRoomOptions(log: Logger): RoomOptions {
  return {
    maxMessageBytes: 1 << 20,
    documentStateBytes: 1 << 24,
    dormantAfterMs: 0,
    merger: inThreadMerger,
    writeHealth: new WriteHealth(log),
    awarenessBytes: 8192,
    viewerPresence: 'show',
    compactMaxRows: 500,
    compactMaxBytes: 1 << 22,
    mergeQuietMs: 0,
  };
}
