// A server as `npm start` runs it, in this process on a fresh SQLite file, for timing one request
// end to end; used by the API benchmarks of issue 26.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { loadConfig } from '../../server/config.js';
import { startServer } from '../../server/server.js';

export interface StoredDocument {
  id: string;
  text: string;
  state: Uint8Array;
}

/**
 * Starts a server holding `document` (stored as the server stores one, with its state vector, as
 * dormant rooms hold it), times `request` against its URL, and closes it.
 */
export async function timeOnFreshServer<T>(document: StoredDocument, request: (url: string) => Promise<T>): Promise<{ ms: number; answer: T }> {
  const dir = mkdtempSync(join(tmpdir(), 'glossa-bench-'));
  const server = await startServer(
    loadConfig({ DATABASE_URL: join(dir, 'glossa.db'), PORT: '0', LOG_LEVEL: 'silent', SEED_SAMPLE: 'false', MAX_DOCUMENT_BYTES: String(8 << 20) }),
  );
  await server.store.createDocument({
    id: document.id,
    title: document.id,
    sourceBytes: Buffer.byteLength(document.text),
    state: document.state,
    stateVector: Y.encodeStateVectorFromUpdate(document.state),
  });
  const started = performance.now();
  const answer = await request(server.url);
  const ms = performance.now() - started;
  // The merge thread does not keep a process alive; the close's compaction waits on it.
  const keep = setInterval(() => undefined, 1000);
  await server.close();
  clearInterval(keep);
  rmSync(dir, { recursive: true, force: true });
  return { ms, answer };
}
