// What only the PostgreSQL store has to show: several instances migrating at once, losing and
// regaining the database connection, and a process killed in the middle of compaction.

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { compactStoredDocument } from '../../server/collab/compaction-sweep.js';
import { inThreadMerger } from '../../server/collab/merge/state-merger.js';
import { MIGRATION_LOCK_KEY, PostgresStore, type PostgresStoreOptions } from '../../server/storage/postgres/postgres-store.js';
import { DocumentGoneError, type StoredState } from '../../server/storage/store.js';
import { POSTGRES_ADMIN_URL, freshPostgresDatabase, queryDatabase, requirePostgres, type FreshDatabase } from '../support/postgres.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const journal = JSON.parse(readFileSync(join(root, 'migrations/postgres/meta/_journal.json'), 'utf8')) as {
  entries: unknown[];
};

const postgres = await requirePostgres('PostgresStore migrations lock, connection loss and crash during compaction (tests/contract/postgres-store.test.ts)');

/** A TCP relay in front of PostgreSQL that a test can cut (every connection dropped, new ones refused) and restore. */
class CuttableProxy {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  private stalled = false;
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async start(): Promise<void> {
    const server = net.createServer((client) => {
      if (this.stalled) {
        // Accepted, never answered: a peer that vanished silently.
        this.sockets.add(client);
        client.on('error', () => {});
        return;
      }
      const upstream = net.connect(this.targetPort, this.targetHost);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as net.AddressInfo).port;
  }

  /** Drops every relayed connection at once (synchronously) and refuses new ones. */
  cut(): void {
    this.server?.close();
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  /** Stops relaying without closing anything (a network cut: no reset, no answer). */
  stall(): void {
    this.stalled = true;
    for (const socket of this.sockets) {
      socket.unpipe();
      socket.pause();
    }
  }

  restore(): Promise<void> {
    this.stalled = false;
    this.cut();
    return this.start();
  }

  /** `url` with its host and port replaced by the proxy's. */
  via(url: string): string {
    const u = new URL(url);
    u.hostname = '127.0.0.1';
    u.port = String(this.port);
    return u.toString();
  }
}

function docFrom(stored: StoredState): Y.Doc {
  const doc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  for (const update of stored.updates) Y.applyUpdate(doc, update);
  return doc;
}

function expectSameContent(actual: Y.Doc, expected: Y.Doc): void {
  expect(actual.getText('source').toString()).toBe(expected.getText('source').toString());
  expect(actual.getMap('labels').toJSON()).toEqual(expected.getMap('labels').toJSON());
}

/** Creates a document and appends `count` edits, one row each; returns the writer's doc. */
async function documentWithLog(store: PostgresStore, id: string, count: number): Promise<{ doc: Y.Doc; ids: number[] }> {
  const doc = new Y.Doc();
  doc.getText('source').insert(0, 'Text that will be compacted. ');
  await store.createDocument({ id, title: id, sourceBytes: 29, state: Y.encodeStateAsUpdate(doc) });
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const before = Y.encodeStateVector(doc);
    doc.getMap('labels').set(`label-${i % 7}`, { name: `Label ${i}` });
    if (i % 4 === 0) doc.getText('source').insert(i % 20, `${i}`);
    ids.push(await store.appendUpdate(id, Y.encodeStateAsUpdate(doc, before)));
  }
  return { doc, ids };
}

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe.skipIf(!postgres.available)('PostgresStore', () => {
  const databases: FreshDatabase[] = [];
  const stores: PostgresStore[] = [];
  const proxies: CuttableProxy[] = [];

  async function fresh(): Promise<FreshDatabase> {
    const database = await freshPostgresDatabase();
    databases.push(database);
    return database;
  }
  async function open(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
    const store = await PostgresStore.open(url, { poolSize: 4, ...options });
    stores.push(store);
    return store;
  }
  async function proxy(): Promise<CuttableProxy> {
    const target = new URL(POSTGRES_ADMIN_URL);
    const p = new CuttableProxy(target.hostname, Number(target.port || 5432));
    await p.start();
    proxies.push(p);
    return p;
  }

  afterEach(async () => {
    for (const p of proxies.splice(0)) p.cut();
    await Promise.all(stores.splice(0).map((s) => s.close()));
  });
  afterAll(async () => {
    await Promise.all(databases.map((d) => d.drop()));
  });

  it('several instances opening a fresh database at once all succeed, and migrations run once', async () => {
    const database = await fresh();
    const opened = await Promise.all(Array.from({ length: 5 }, () => open(database.url)));
    await Promise.all(opened.map((s) => s.ping()));
    const applied = await queryDatabase<{ n: string }>(database.url, 'select count(*) as n from drizzle.__drizzle_migrations');
    expect(Number(applied[0]!.n)).toBe(journal.entries.length);

    // Each instance sees the others' writes.
    await opened[0]!.createDocument({ id: 'shared', title: 'Shared', sourceBytes: 0, state: new Uint8Array([0, 0]) });
    expect((await opened[4]!.getDocument('shared'))?.title).toBe('Shared');

    // A later start finds nothing to do.
    await open(database.url);
    const again = await queryDatabase<{ n: string }>(database.url, 'select count(*) as n from drizzle.__drizzle_migrations');
    expect(Number(again[0]!.n)).toBe(journal.entries.length);
  });

  it('start-up waits for the migration lock held by another instance, within a bound', async () => {
    const database = await fresh();
    const holder = new pg.Client({ connectionString: database.url });
    await holder.connect();
    try {
      await holder.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
      await expect(open(database.url, { migrationLockTimeoutMs: 300 })).rejects.toThrow(/lock timeout/);

      let opened = false;
      const waiting = open(database.url).then((s) => {
        opened = true;
        return s;
      });
      await new Promise((r) => setTimeout(r, 300));
      expect(opened).toBe(false);
      await holder.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY.toString()]);
      await (await waiting).ping();
    } finally {
      await holder.end();
    }
  });

  it('a stale compaction never replaces a newer snapshot', async () => {
    const database = await fresh();
    const store = await open(database.url);
    const { doc, ids } = await documentWithLog(store, 'raced', 6);
    const stale = docFrom({ ...(await store.loadState('raced'))!, updates: (await store.loadState('raced'))!.updates.slice(0, 3) });

    await store.compact('raced', Y.encodeStateAsUpdate(doc), ids[5]!);
    await store.compact('raced', Y.encodeStateAsUpdate(stale), ids[2]!); // the slower of two racing compactions

    const stored = (await store.loadState('raced'))!;
    expect(stored.lastUpdateId).toBe(ids[5]);
    expect(stored.updates).toHaveLength(0);
    expectSameContent(docFrom(stored), doc);
  });

  it('losing the connection: queries reject (never as DocumentGoneError), the process survives, the pool recovers', async () => {
    const database = await fresh();
    const relay = await proxy();
    const idleErrors: Error[] = [];
    const store = await open(relay.via(database.url), {
      connectionTimeoutMs: 1000,
      onConnectionError: (error) => idleErrors.push(error),
    });
    const { doc } = await documentWithLog(store, 'doc', 3);
    // Fill the pool with idle connections.
    await Promise.all(Array.from({ length: 4 }, () => store.ping()));

    relay.cut();
    // Idle connections fail in the background; the store reports them instead of crashing.
    await waitFor(() => idleErrors.length > 0);

    await expect(store.ping()).rejects.toThrow();
    const before = Y.encodeStateVector(doc);
    doc.getMap('labels').set('during-outage', { name: 'kept by the caller' });
    const pendingUpdate = Y.encodeStateAsUpdate(doc, before);
    const failed = await store.appendUpdate('doc', pendingUpdate).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(Error);
    expect(failed).not.toBeInstanceOf(DocumentGoneError);
    await expect(store.loadState('doc')).rejects.toThrow();

    await relay.restore();
    await store.ping();
    // The caller's retry now succeeds, and nothing was stored twice.
    await store.appendUpdate('doc', pendingUpdate);
    const stored = (await store.loadState('doc'))!;
    expect(stored.updates).toHaveLength(4);
    expectSameContent(docFrom(stored), doc);
  });

  it('a silent network cut: queries reject after the query timeout instead of hanging, then the pool recovers', async () => {
    const database = await fresh();
    const relay = await proxy();
    const store = await open(relay.via(database.url), { connectionTimeoutMs: 500, queryTimeoutMs: 500 });
    const { doc, ids } = await documentWithLog(store, 'doc', 3);

    relay.stall();
    let started = Date.now();
    const before = Y.encodeStateVector(doc);
    doc.getMap('labels').set('during-cut', { name: 'waits for the retry' });
    const pendingUpdate = Y.encodeStateAsUpdate(doc, before);
    const failed = await store.appendUpdate('doc', pendingUpdate).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(Error);
    expect(failed).not.toBeInstanceOf(DocumentGoneError);
    expect(Date.now() - started).toBeLessThan(3000);
    started = Date.now();
    await expect(store.compact('doc', Y.encodeStateAsUpdate(doc), ids[2]!)).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(3000);
    await expect(store.ping()).rejects.toThrow();

    await relay.restore();
    await store.appendUpdate('doc', pendingUpdate);
    const stored = (await store.loadState('doc'))!;
    expect(stored.updates).toHaveLength(4);
    expectSameContent(docFrom(stored), doc);
  });

  it('connections ended by the server (a restart) are replaced without crashing', async () => {
    const database = await fresh();
    const idleErrors: Error[] = [];
    const store = await open(database.url, { onConnectionError: (error) => idleErrors.push(error) });
    await documentWithLog(store, 'doc', 2);
    await Promise.all(Array.from({ length: 4 }, () => store.ping()));

    const ended = await queryDatabase(
      database.url,
      `select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and application_name = 'glossa'`,
      [database.name],
    );
    expect(ended.length).toBeGreaterThan(0);
    await waitFor(() => idleErrors.length >= ended.length);
    await store.ping();
    expect((await store.loadState('doc'))!.updates).toHaveLength(2);
  });

  it('a connection lost in the middle of compaction leaves the old snapshot and the whole log', async () => {
    const database = await fresh();
    const relay = await proxy();
    let cutAt: string | null = 'snapshot-written';
    const store = await open(relay.via(database.url), {
      connectionTimeoutMs: 1000,
      onCompactStep: (step) => {
        if (step === cutAt) relay.cut();
      },
    });
    const { doc, ids } = await documentWithLog(store, 'doc', 10);
    const before = (await store.loadState('doc'))!;

    await expect(store.compact('doc', Y.encodeStateAsUpdate(doc), ids[9]!)).rejects.toThrow();

    cutAt = null;
    await relay.restore();
    const after = (await store.loadState('doc'))!;
    expect(Array.from(after.snapshot!)).toEqual(Array.from(before.snapshot!));
    expect(after.updates).toHaveLength(10);
    expectSameContent(docFrom(after), doc);
    // And a retry completes.
    await store.compact('doc', Y.encodeStateAsUpdate(doc), ids[9]!);
    expect((await store.loadState('doc'))!.updates).toHaveLength(0);
  });

  for (const step of ['snapshot-written', 'rows-deleted'] as const) {
    it(`a process killed with the ${step.replace('-', ' ')} but not committed leaves a document that loads identically`, async () => {
      const database = await fresh();
      const store = await open(database.url);
      const { doc } = await documentWithLog(store, 'crashed', 40);

      const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'tests/support/compact-crash-postgres.ts'), database.url, 'crashed', step], {
        cwd: root,
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, s) => resolve(s)));
      expect(signal).toBe('SIGKILL');

      const stored = (await store.loadState('crashed'))!;
      expect(stored.updates).toHaveLength(40);
      expectSameContent(docFrom(stored), doc);
      // The killed transaction left no lock behind: compaction now completes.
      expect(await compactStoredDocument(store, 'crashed', inThreadMerger)).toBe(true);
      const compacted = (await store.loadState('crashed'))!;
      expect(compacted.updates).toHaveLength(0);
      expectSameContent(docFrom(compacted), doc);
    });
  }
});
