// What GET /api/documents says of each document's threads: open and resolved counts, the last
// activity and who was active. Live while a document is open, recorded when its room unloads, and
// worked out by the sweep for documents stored before the list showed it.

import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { encodeIdentity, type Identity } from '../../shared/protocol/identity.js';
import type { RunningServer } from '../../server/server.js';
import { tempDir } from '../support/temp-dir.js';
import { createDocument, startTestServer } from '../support/test-server.js';

const text = 'The committee met in Almaty. The committee denied the claim. Refugees were expelled.';
const ana: Identity = { id: 'u-ana', name: 'Ana', color: '#c2255c' };
const ben: Identity = { id: 'u-ben', name: 'Ben', color: '#1971c2' };

interface Listed {
  id: string;
  annotationCount: number;
  openThreads: number | null;
  resolvedThreads: number | null;
  lastActivityAt: string;
  recentPeople: Identity[];
  role: string;
  updatedAt: string;
}

async function listed(server: RunningServer, id: string): Promise<Listed> {
  const body = (await (await fetch(`${server.url}/api/documents`)).json()) as { documents: Listed[] };
  return body.documents.find((d) => d.id === id)!;
}

async function as(server: RunningServer, who: Identity, method: string, path: string, body?: unknown): Promise<Response> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', 'x-glossa-identity': encodeIdentity(who) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.status).toBeLessThan(300);
  return res;
}

async function whenUnloaded(server: RunningServer, id: string): Promise<void> {
  await expect.poll(() => server.rooms.isOpen(id)).toBe(false);
  await server.rooms.whenUnloaded(id);
}

/** Ana annotates twice, Ben comments on one, Ana resolves the other. */
async function discuss(server: RunningServer, id: string): Promise<void> {
  await as(server, ana, 'POST', `/api/documents/${id}/annotations`, { id: 'a1', start: 4, end: 13 });
  await as(server, ana, 'POST', `/api/documents/${id}/annotations`, { id: 'a2', start: 21, end: 27 });
  await as(server, ben, 'POST', `/api/documents/${id}/annotations/a1/comments`, { body: 'Which committee?' });
  await as(server, ana, 'PATCH', `/api/documents/${id}/annotations/a2`, { status: 'resolved' });
}

describe('document summaries in the list', () => {
  it('a new document has no threads, nobody active, and its creation as last activity', async () => {
    const server = await startTestServer();
    const id = await createDocument(server.url, text);
    const doc = await listed(server, id);
    expect(doc).toMatchObject({ annotationCount: 0, openThreads: 0, resolvedThreads: 0, recentPeople: [], role: 'owner' });
    expect(doc.lastActivityAt).toBe(doc.updatedAt);
  });

  it('counts threads and names the people live while open, and keeps them once the room unloads', async () => {
    const server = await startTestServer({ ROOM_IDLE_MS: '0' });
    const id = await createDocument(server.url, text);
    const before = Date.now();
    await discuss(server, id);

    const live = await listed(server, id);
    expect(live).toMatchObject({ annotationCount: 2, openThreads: 1, resolvedThreads: 1 });
    // Ana resolved last, so she comes first.
    expect(live.recentPeople).toEqual([ana, ben]);
    expect(Date.parse(live.lastActivityAt)).toBeGreaterThanOrEqual(before - 1000);

    await whenUnloaded(server, id);
    expect(server.rooms.isOpen(id)).toBe(false);
    const stored = await listed(server, id);
    expect(stored).toMatchObject({ annotationCount: 2, openThreads: 1, resolvedThreads: 1, recentPeople: [ana, ben] });
    expect(stored.lastActivityAt).toBe(live.lastActivityAt);
    // The single document reads the same.
    const one = (await (await fetch(`${server.url}/api/documents/${id}?text=false`)).json()) as Listed;
    expect(one).toMatchObject({ openThreads: 1, resolvedThreads: 1, recentPeople: [ana, ben], role: 'owner' });
  });

  it('the sweep works out the summary of a document stored before summaries existed', async () => {
    const path = `${tempDir()}/glossa.db`;
    const server = await startTestServer({ DATABASE_URL: path, ROOM_IDLE_MS: '0' });
    const id = await createDocument(server.url, text);
    await discuss(server, id);
    await whenUnloaded(server, id);
    // What migration 0005 leaves for every document stored before it.
    const db = new Database(path);
    db.prepare('update documents set activity = null where id = ?').run(id);
    db.close();
    expect(await listed(server, id)).toMatchObject({ openThreads: null, resolvedThreads: null, recentPeople: [] });

    await server.sweep.runOnce();
    expect(await listed(server, id)).toMatchObject({ annotationCount: 2, openThreads: 1, resolvedThreads: 1, recentPeople: [ana, ben] });
    expect(await server.store.documentsWithoutActivity()).toEqual([]);
  });
});
