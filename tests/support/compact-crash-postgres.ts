// Child-process script: compacts one document stored in PostgreSQL and SIGKILLs itself at the
// given step of compaction (inside the open transaction), to show that a crash there leaves a
// loadable document. The PostgreSQL twin of compact-crash.ts.
// Usage: tsx tests/support/compact-crash-postgres.ts <postgres-url> <document-id> <snapshot-written|rows-deleted>

import { compactStoredDocument } from '../../server/collab/compaction-sweep.js';
import { inThreadMerger } from '../../server/collab/merge/state-merger.js';
import { PostgresStore } from '../../server/storage/postgres/postgres-store.js';

const [url, documentId, crashAt] = process.argv.slice(2);
if (!url || !documentId || !crashAt) throw new Error('usage: compact-crash-postgres.ts <url> <document-id> <step>');

const store = await PostgresStore.open(url, {
  poolSize: 1,
  onCompactStep: (step) => {
    if (step === crashAt) process.kill(process.pid, 'SIGKILL');
  },
});
await compactStoredDocument(store, documentId, inThreadMerger);
// Reaching here means the step never came: the test should fail loudly.
console.error(`compaction finished without reaching ${crashAt}`);
process.exit(3);
