// The client's command queue against a real server: order, offline waiting, reload survival,
// and rejected commands kept with the server's reason.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CommandQueue, type PendingCommand } from '../../client/sync/command-queue.js';
import { loadConfig } from '../../server/config.js';
import { startServer } from '../../server/server.js';
import { MemoryStorage } from '../support/memory-storage.js';
import { tempDir } from '../support/temp-dir.js';
import { createDocument, startTestServer } from '../support/test-server.js';

const identity = { id: 'u-q', name: 'Queue Tester', color: '#2f9e44' };
const text = 'Queued commands must arrive once, in order.';

function whenSettled(queue: CommandQueue): Promise<void> {
  if (queue.pending.length === 0) return Promise.resolve();
  return new Promise((resolve) => {
    const check = () => {
      if (queue.pending.length > 0) return;
      queue.removeEventListener('change', check);
      resolve();
    };
    queue.addEventListener('change', check);
  });
}

function whenRejected(queue: CommandQueue): Promise<PendingCommand> {
  return new Promise((resolve) =>
    queue.addEventListener('change', (e) => {
      const rejected = (e as CustomEvent<{ rejected?: PendingCommand }>).detail.rejected;
      if (rejected) resolve(rejected);
    }),
  );
}

async function annotations(url: string, id: string) {
  const res = await fetch(`${url}/api/documents/${id}/annotations`);
  return ((await res.json()) as { annotations: { id: string; comments: { body: string }[] }[] }).annotations;
}

describe('command queue', () => {
  it('sends commands in order and keeps a rejected one with its reason', async () => {
    const server = await startTestServer();
    const id = await createDocument(server.url, text);
    const queue = new CommandQueue({ endpoint: `${server.url}/api/documents/${id}/commands`, identity, storageKey: 'k' });
    queue.enqueue({ type: 'annotation.create', id: 'q1', start: 0, end: 6 });
    queue.enqueue({ type: 'comment.add', annotationId: 'q1', id: 'c1', body: 'first' });
    queue.enqueue({ type: 'comment.add', annotationId: 'q1', id: 'c2', body: 'second' });
    const rejected = whenRejected(queue);
    queue.enqueue({ type: 'comment.add', annotationId: 'no-such', body: 'lost?' });
    const refused = await rejected;
    await whenSettled(queue);
    expect(refused.error?.code).toBe('annotation_not_found');
    expect(queue.failed.map((f) => f.command)).toEqual([{ type: 'comment.add', annotationId: 'no-such', body: 'lost?' }]);
    const [a] = await annotations(server.url, id);
    expect(a!.comments.map((c) => c.body)).toEqual(['first', 'second']);
  });

  it('waits while the server is unreachable, survives a reload, and sends once it is back', async () => {
    const db = join(tempDir(), 'glossa.db');
    const first = await startTestServer({ DATABASE_URL: db });
    const id = await createDocument(first.url, text);
    const port = first.port;
    await first.close();

    const storage = new MemoryStorage();
    const endpoint = `http://127.0.0.1:${port}/api/documents/${id}/commands`;
    const offline = new CommandQueue({ endpoint, identity, storage, storageKey: 'pending' });
    offline.enqueue({ type: 'annotation.create', id: 'off-1', start: 0, end: 6, comment: 'written offline' });
    await offline.flush();
    expect(offline.pending).toHaveLength(1);
    expect(offline.failed).toHaveLength(0);
    offline.destroy();

    // A reload: a new queue finds the command in storage.
    const reloaded = new CommandQueue({ endpoint, identity, storage, storageKey: 'pending' });
    expect(reloaded.pending.map((p) => p.command.type)).toEqual(['annotation.create']);
    const again = await startServer(loadConfig({ DATABASE_URL: db, PORT: String(port), LOG_LEVEL: 'silent', SEED_SAMPLE: 'false' }), {
      tuning: { sweepIntervalMs: 0 },
    });
    try {
      reloaded.retryNow();
      await whenSettled(reloaded);
      const list = await annotations(again.url, id);
      expect(list.map((a) => a.id)).toEqual(['off-1']);
      expect(list[0]!.comments[0]!.body).toBe('written offline');
      // Sending the same command twice (a lost response, then a retry) does not duplicate it.
      reloaded.enqueue({ type: 'annotation.create', id: 'off-1', start: 0, end: 6, comment: 'written offline' });
      await whenSettled(reloaded);
      expect(reloaded.failed).toHaveLength(0);
      expect(await annotations(again.url, id)).toHaveLength(1);
    } finally {
      reloaded.destroy();
      await again.close();
    }
  });
});
