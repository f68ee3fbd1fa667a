// Child-process script: compacts one document and SIGKILLs itself at the given step of
// compaction, to show that a crash there leaves a loadable document.
// Usage: tsx tests/support/compact-crash.ts <sqlite-path> <document-id> <part-written|snapshot-written|rows-deleted> [snapshot part bytes]

import { compactStoredDocument } from '../../server/collab/compaction-sweep.js';
import { inThreadMerger } from '../../server/collab/merge/state-merger.js';
import { SqliteStore } from '../../server/storage/sqlite/sqlite-store.js';

const [path, documentId, crashAt, partBytes] = process.argv.slice(2);
if (!path || !documentId || !crashAt) throw new Error('usage: compact-crash.ts <db> <document-id> <step>');

const store = new SqliteStore(path, {
  snapshotPartBytes: partBytes ? Number(partBytes) : undefined,
  onCompactStep: (step) => {
    if (step === crashAt) process.kill(process.pid, 'SIGKILL');
  },
});
await compactStoredDocument(store, documentId, inThreadMerger);
// Reaching here means the step never came: the test should fail loudly.
console.error(`compaction finished without reaching ${crashAt}`);
process.exit(3);
