// The command queue says why its oldest command waits: a 503 store_write_failing reads as
// "not saved", not as "saving" that never ends.

import { describe, expect, it } from 'vitest';
import { CommandQueue } from '../../../../client/sync/command-queue.js';

const identity = { id: 'u-q', name: 'Queue Tester', color: '#2f9e44' };
const storeFailing = {
  error: { code: 'store_write_failing', message: 'The server cannot store changes: its disk is full. Nothing was changed; try again shortly.' },
};

/** A fetch answering from a list, one answer per request; a string is a network failure. */
function scripted(answers: Array<{ status: number; body?: unknown } | string>) {
  const requests: unknown[] = [];
  const fetch = (async (_url: string, init: RequestInit) => {
    requests.push(JSON.parse(init.body as string));
    const answer = answers.shift();
    if (!answer) throw new Error('no more answers scripted');
    if (typeof answer === 'string') throw new TypeError(answer);
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), { status: answer.status });
  }) as typeof globalThis.fetch;
  return { fetch, requests };
}

function queueWith(fetch: typeof globalThis.fetch) {
  const queue = new CommandQueue({ endpoint: 'http://glossa.test/api/documents/d/commands', identity, storageKey: 'k', fetch });
  let changes = 0;
  queue.addEventListener('change', () => changes++);
  return { queue, changes: () => changes };
}

describe('CommandQueue', () => {
  it('keeps a command the server could not store, says why, and sends it again', async () => {
    const { fetch, requests } = scripted([
      { status: 503, body: storeFailing },
      { status: 503, body: storeFailing },
      { status: 200, body: {} },
    ]);
    const { queue, changes } = queueWith(fetch);
    queue.enqueue({ type: 'annotation.create', id: 'a1', start: 0, end: 4 });
    await until(queue, () => queue.waitingBecause !== null);
    expect(queue.pending).toHaveLength(1);
    expect(queue.failed).toHaveLength(0);
    expect(queue.waitingBecause).toEqual(storeFailing.error);
    const told = changes();

    // Answered the same again: nothing new to tell.
    queue.retryNow();
    await until(queue, () => requests.length === 2 && queue.waitingBecause !== null);
    expect(queue.waitingBecause?.code).toBe('store_write_failing');

    queue.retryNow();
    await until(queue, () => queue.pending.length === 0);
    expect(queue.waitingBecause).toBeNull();
    expect(queue.failed).toHaveLength(0);
    expect(requests).toHaveLength(3);
    expect(changes()).toBeGreaterThan(told);
    queue.destroy();
  });

  it('names a network failure and a server error without a body', async () => {
    const { fetch } = scripted(['fetch failed', { status: 502 }, { status: 200, body: {} }]);
    const { queue } = queueWith(fetch);
    queue.enqueue({ type: 'annotation.create', id: 'a1', start: 0, end: 4 });
    await until(queue, () => queue.waitingBecause !== null);
    expect(queue.waitingBecause).toEqual({ code: 'network', message: 'fetch failed' });
    queue.retryNow();
    await until(queue, () => queue.waitingBecause !== null);
    expect(queue.waitingBecause?.code).toBe('http_502');
    queue.retryNow();
    await until(queue, () => queue.pending.length === 0);
    queue.destroy();
  });

  it('keeps a refused command with the server reason and does not send it again', async () => {
    const { fetch, requests } = scripted([{ status: 404, body: { error: { code: 'annotation_not_found', message: 'no such annotation' } } }]);
    const { queue } = queueWith(fetch);
    queue.enqueue({ type: 'comment.add', annotationId: 'gone', body: 'hello' });
    await until(queue, () => queue.pending.length === 0);
    expect(queue.failed[0]?.error).toEqual({ code: 'annotation_not_found', message: 'no such annotation' });
    expect(queue.waitingBecause).toBeNull();
    expect(requests).toHaveLength(1);
    queue.destroy();
  });
});

/** Resolves once `check` holds, looking again at each change the queue tells. */
function until(queue: CommandQueue, check: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const look = () => {
      if (!check()) return;
      queue.removeEventListener('change', look);
      resolve();
    };
    queue.addEventListener('change', look);
    look();
  });
}
