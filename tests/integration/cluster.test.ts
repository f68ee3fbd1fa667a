// Several real server processes sharing PostgreSQL and Redis serve one live document: edits and
// presence cross instances, a killed instance or a dropped Redis or PostgreSQL link loses nothing,
// and no update is stored twice.

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/protocol/close-codes.js';
import { encodeIdentity } from '../../shared/protocol/identity.js';

const eve = { id: 'eve', name: 'Eve', color: '#2f9e44' };
import { freshPostgresDatabase, queryDatabase, requirePostgres } from '../support/postgres.js';
import { REDIS_URL, killGlossaRedisConnections, requireRedis, uniquePrefix } from '../support/redis.js';
import { startBalancer } from '../support/tcp-balancer.js';
import { type ServerProcess, createDocument, spawnServer } from '../support/test-server.js';
import { type TestClient, connectClient, whenClosed, whenDoc, whenPresence, whenSynced } from '../support/yjs-clients.js';

const postgres = await requirePostgres('several instances on PostgreSQL and Redis (tests/integration/cluster.test.ts)');
const redis = await requireRedis('several instances on PostgreSQL and Redis (tests/integration/cluster.test.ts)');

async function cluster(count: number, env: Record<string, string> = {}) {
  const db = await freshPostgresDatabase();
  const shared = {
    DATABASE_URL: db.url,
    REDIS_URL,
    REDIS_PREFIX: uniquePrefix(),
    ...env,
  };
  // Keep every row, so the test can check that no update was stored twice.
  const keepEveryRow = { compactMaxRows: 1_000_000, compactMaxBytes: 512 * 1024 * 1024 };
  const instances: ServerProcess[] = [];
  // One first, so migrations are applied once before the others race for the lock anyway.
  instances.push(await spawnServer(shared, keepEveryRow));
  instances.push(...(await Promise.all(Array.from({ length: count - 1 }, () => spawnServer(shared, keepEveryRow)))));
  return { db, instances, ports: instances.map((i) => Number(new URL(i.url).port)) };
}

/** Resolves once every client holds the same state, re-checking whenever any of them changes. */
const converged = (clients: TestClient[]) =>
  new Promise<void>((resolve) => {
    const same = () => {
      const first = Buffer.from(Y.encodeStateVector(clients[0]!.doc));
      return clients.every((c) => first.equals(Buffer.from(Y.encodeStateVector(c.doc))));
    };
    const check = () => {
      if (!same()) return;
      for (const c of clients) c.doc.off('afterTransaction', check);
      resolve();
    };
    for (const c of clients) c.doc.on('afterTransaction', check);
    check();
  });

/** Every struct range (client, clock) in the stored log appears in exactly one row. */
async function expectNoDuplicateRows(dbUrl: string, documentId: string): Promise<number> {
  const rows = await queryDatabase<{ data: Buffer }>(dbUrl, 'select data from document_updates where document_id = $1 order by id', [documentId]);
  const seen = new Map<number, [number, number][]>();
  for (const row of rows) {
    for (const struct of Y.decodeUpdate(new Uint8Array(row.data)).structs) {
      if (struct.constructor.name === 'Skip') continue;
      const { client, clock } = struct.id;
      const ranges = seen.get(client) ?? [];
      for (const [from, to] of ranges) {
        if (clock < to && from < clock + struct.length) throw new Error(`client ${client} clock ${clock} is stored twice`);
      }
      ranges.push([clock, clock + struct.length]);
      seen.set(client, ranges);
    }
  }
  return rows.length;
}

describe.skipIf(!postgres.available || !redis.available)('several instances', () => {
  it('three instances serve one live document: edits, late joiners, presence and deletion cross instances', async () => {
    const { db, instances } = await cluster(3);
    try {
      const id = await createDocument(instances[0]!.url, 'Shared across instances.');
      const clients = instances.flatMap((i) => [connectClient(i.url, id), connectClient(i.url, id)]);
      await Promise.all(clients.map(whenSynced));
      clients.forEach((c, n) => c.doc.getMap('annotations').set(`from-${n}`, n));
      clients[0]!.text.insert(0, 'A: ');
      clients[5]!.text.insert(clients[5]!.text.length, ' :F');
      await converged(clients);
      for (const c of clients) expect(Object.keys(c.doc.getMap('annotations').toJSON())).toHaveLength(6);

      const late = connectClient(instances[2]!.url, id);
      await whenSynced(late);
      expect(late.text.toString()).toBe(clients[0]!.text.toString());
      expect(Object.keys(late.doc.getMap('annotations').toJSON())).toHaveLength(6);

      // Presence set on instance 1 shows on instance 3, and goes away at once when the socket closes.
      clients[0]!.provider.awareness.setLocalStateField('user', { name: 'Across' });
      const watcher = clients[4]!;
      const aId = clients[0]!.doc.clientID;
      await whenPresence(watcher, aId, (state) => !!state?.user);
      const gone = whenPresence(watcher, aId, (state) => state === undefined);
      clients[0]!.destroy();
      await gone;

      // The documents API on any instance; deleting on one closes the room on all.
      const listed = (await (await fetch(`${instances[1]!.url}/api/documents`)).json()) as { documents: { id: string }[] };
      expect(listed.documents.map((d) => d.id)).toContain(id);
      const closes = clients.slice(1).map(whenClosed);
      expect((await fetch(`${instances[1]!.url}/api/documents/${id}`, { method: 'DELETE' })).status).toBe(204);
      for (const closed of await Promise.all(closes)) expect(closed.code).toBe(CloseCode.DocumentDeleted);
    } finally {
      for (const i of instances) await i.kill();
      await db.drop();
    }
  });

  it('every instance tells the same history: a change made through one is in the activity of the other, under its author', async () => {
    const { db, instances } = await cluster(2);
    try {
      const [a, b] = instances as [ServerProcess, ServerProcess];
      const id = await createDocument(a.url, 'Shared history across instances.');
      const api = (i: ServerProcess, path: string, init?: RequestInit) =>
        fetch(`${i.url}/api/documents/${id}${path}`, { ...init, headers: { 'content-type': 'application/json', 'x-glossa-identity': encodeIdentity(eve) } });
      const activity = async (i: ServerProcess) =>
        ((await (await api(i, '/activity')).json()) as { entries: { person: { name: string } | null; text: string }[] }).entries;

      // Dana types over a socket on instance B (open mode: her presence names her); Eve annotates through instance A.
      const dana = connectClient(b.url, id, { savedAck: true });
      await whenSynced(dana);
      dana.provider.awareness.setLocalStateField('user', { id: 'dana', name: 'Dana', color: '#1971c2' });
      dana.text.insert(0, 'Draft: ');
      await dana.saved!.whenSaved();
      expect((await api(a, '/annotations', { method: 'POST', body: JSON.stringify({ start: 7, end: 13, labels: [] }) })).status).toBe(201);

      const told = (entries: Awaited<ReturnType<typeof activity>>) => entries.map((e) => `${e.person?.name}: ${e.text}`);
      await expect
        .poll(async () => told(await activity(b)))
        .toEqual(['Eve: highlighted “Shared”', 'Dana: edited the text (7 characters added)', 'Anonymous: created the document']);
      expect(told(await activity(a))).toEqual(told(await activity(b)));
      dana.destroy();
    } finally {
      for (const i of instances) await i.kill();
      await db.drop();
    }
  });

  it('SIGKILL of one instance mid-write: clients reconnect through the balancer and converge, nothing lost or stored twice', async () => {
    const { db, instances, ports } = await cluster(3);
    try {
      const balancer = await startBalancer(ports);
      const id = await createDocument(instances[0]!.url, 'Survives a crash.');
      const clients = Array.from({ length: 6 }, () => connectClient(balancer.url, id));
      await Promise.all(clients.map(whenSynced));

      let round = 0;
      const write = () => {
        round++;
        clients.forEach((c, n) => c.doc.getMap('annotations').set(`c${n}-r${round}`, round));
      };
      for (let i = 0; i < 20; i++) write();
      const killed = instances[0]!.kill('SIGKILL');
      for (let i = 0; i < 20; i++) write();
      await killed;
      for (let i = 0; i < 20; i++) write();
      await converged(clients);
      for (const c of clients) expect(Object.keys(c.doc.getMap('annotations').toJSON())).toHaveLength(6 * 60);

      // What every client has is in the store, once.
      const fresh = connectClient(instances[1]!.url, id);
      await whenSynced(fresh);
      expect(Object.keys(fresh.doc.getMap('annotations').toJSON())).toHaveLength(6 * 60);
      expect(await expectNoDuplicateRows(db.url, id)).toBeGreaterThan(0);
    } finally {
      for (const i of instances) await i.kill();
      await db.drop();
    }
  });

  it('the presence of a killed instance’s clients disappears from the others within the awareness timeout', async () => {
    const { db, instances } = await cluster(2);
    try {
      const id = await createDocument(instances[0]!.url, 'Someone will vanish.');
      const doomed = connectClient(instances[0]!.url, id);
      const watcher = connectClient(instances[1]!.url, id);
      await Promise.all([whenSynced(doomed), whenSynced(watcher)]);
      doomed.provider.awareness.setLocalStateField('user', { name: 'On the doomed instance' });
      await whenPresence(watcher, doomed.doc.clientID, (state) => !!state?.user);
      // Stop the client from reconnecting elsewhere, then kill its instance: nobody says goodbye.
      doomed.provider.shouldConnect = false;
      const started = Date.now();
      await instances[0]!.kill('SIGKILL');
      await whenPresence(watcher, doomed.doc.clientID, (state) => state === undefined);
      // y-protocols drops a state not renewed for 30 s (clients renew every 15 s).
      expect(Date.now() - started).toBeLessThan(35_000);
    } finally {
      for (const i of instances) await i.kill();
      await db.drop();
    }
  }, 60_000);

  it('a dropped and restored Redis link loses nothing between instances', async () => {
    const { db, instances } = await cluster(2);
    try {
      const id = await createDocument(instances[0]!.url, 'Redis will blink.');
      const a = connectClient(instances[0]!.url, id);
      const b = connectClient(instances[1]!.url, id);
      await Promise.all([whenSynced(a), whenSynced(b)]);
      a.doc.getMap('annotations').set('before', 1);
      await whenDoc(b.doc, (d) => d.getMap('annotations').has('before'));

      expect(await killGlossaRedisConnections()).toBeGreaterThanOrEqual(4);
      for (let i = 0; i < 30; i++) {
        a.doc.getMap('annotations').set(`a${i}`, i);
        b.doc.getMap('annotations').set(`b${i}`, i);
      }
      await converged([a, b]);
      expect(Object.keys(a.doc.getMap('annotations').toJSON())).toHaveLength(61);
      expect(await expectNoDuplicateRows(db.url, id)).toBeGreaterThan(0);
    } finally {
      for (const i of instances) await i.kill();
      await db.drop();
    }
  });

  it('a lost PostgreSQL link: unhealthy, nothing acknowledged meanwhile, the backlog stored in order when it returns', async () => {
    const { db, instances } = await cluster(2);
    try {
      const id = await createDocument(instances[0]!.url, 'PostgreSQL will go away.');
      const writer = connectClient(instances[0]!.url, id, { savedAck: true });
      const other = connectClient(instances[1]!.url, id);
      await Promise.all([whenSynced(writer), whenSynced(other)]);
      writer.doc.getMap('annotations').set('before', 1);
      await writer.saved!.whenSaved();

      // Refuse new connections to the database and cut the open ones.
      await queryDatabase(db.url.replace(/\/[^/]+$/, '/postgres'), `alter database ${db.name} allow_connections false`);
      await queryDatabase(db.url.replace(/\/[^/]+$/, '/postgres'), 'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [db.name]);
      await expect.poll(async () => (await fetch(`${instances[0]!.url}/healthz`)).status, { timeout: 15_000 }).toBe(503);

      for (let i = 0; i < 10; i++) writer.doc.getMap('annotations').set(`during-${i}`, i);
      // Nothing is acknowledged or relayed while it cannot be stored: the writer waits, unsaved.
      const unsaved = writer.saved!.whenSaved();
      expect(writer.saved!.isSaved()).toBe(false);
      expect((await fetch(`${instances[0]!.url}/healthz`)).status).toBe(503);
      expect(writer.saved!.isSaved()).toBe(false);
      expect(other.doc.getMap('annotations').has('during-0')).toBe(false);

      await queryDatabase(db.url.replace(/\/[^/]+$/, '/postgres'), `alter database ${db.name} allow_connections true`);
      await unsaved;
      await whenDoc(other.doc, (d) => d.getMap('annotations').has('during-9'));
      expect((await fetch(`${instances[0]!.url}/healthz`)).status).toBe(200);
      const rows = await queryDatabase<{ id: string }>(db.url, 'select id from document_updates where document_id = $1 order by id', [id]);
      expect(rows.length).toBeGreaterThan(0);
      expect(await expectNoDuplicateRows(db.url, id)).toBe(rows.length);
    } finally {
      await queryDatabase(db.url.replace(/\/[^/]+$/, '/postgres'), `alter database ${db.name} allow_connections true`).catch(() => undefined);
      for (const i of instances) await i.kill();
      await db.drop();
    }
  });
});
