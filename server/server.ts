// Builds a running Glossa server from a Config: store -> rooms -> documents -> app -> listen.
// The only module that touches node:http; main.ts and the tests both start servers through it.

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { AnnotationService } from './annotations/annotation-service.js';
import { HistoryService } from './history/history-service.js';
import { HistoryRetention } from './history/history-retention.js';
import { AccessService } from './auth/access-service.js';
import { createTokenVerifier } from './auth/token-verifier.js';
import { RedisBus } from './cluster/redis-bus.js';
import { CompactionSweep } from './collab/compaction-sweep.js';
import { RoomRegistry } from './collab/room-registry.js';
import { inThreadMerger, WorkerStateMerger } from './collab/merge/index.js';
import type { Config } from './config.js';
import { DocumentService } from './documents/document-service.js';
import { seedSampleDocument } from './documents/seed-sample.js';
import { createApp } from './http/app.js';
import { SocketUpgrades } from './http/socket-upgrades.js';
import { createLogger, type Logger } from './logger.js';
import { openStore } from './storage/open-store.js';
import type { Store } from './storage/store.js';
import { WriteHealth } from './storage/write-health.js';
import { TUNING, type Tuning } from './tuning.js';
import { CloseCode } from '../shared/protocol/close-codes.js';

/** How often history past its retention is condensed (HISTORY_DETAIL_DAYS). */
const RETENTION_EVERY_MS = 60 * 60 * 1000;

/** At most this many busy documents are loaded at start (each holds its whole state in memory). */
const WARM_START_MAX_DOCUMENTS = 16;

export interface RunningServer {
  /** http://host:port of the listening server. */
  url: string;
  port: number;
  store: Store;
  rooms: RoomRegistry;
  documents: DocumentService;
  sweep: CompactionSweep;
  /** Id of the sample document when this start created it. */
  seededDocumentId: string | null;
  close(): Promise<void>;
}

export interface StartOptions {
  log?: Logger;
  /** Use this store instead of opening config.store (tests inject instrumented stores). */
  store?: Store;
  /** Changes to the internal tuning, over the configuration's (tests and benchmarks). */
  tuning?: Partial<Tuning>;
}

export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const log = options.log ?? createLogger(config.logLevel);
  const tuning: Tuning = { ...TUNING, ...config.tuning, ...options.tuning };
  // "warm" starts every background thread with the server, so none starts while people edit.
  const store = options.store ?? (await openStore(config.store, log, { threadsAtOpen: tuning.mergeThread === 'warm', keepHistory: config.keepHistory }));
  const bus = config.cluster ? await RedisBus.connect(config.cluster.redisUrl, config.cluster.prefix, log) : null;
  const writeHealth = new WriteHealth(log);
  let stopping = false;
  let access: AccessService | null = null;
  let documents: DocumentService | null = null;
  // Made before the rooms, which tell it when a session's changes are all stored.
  const history = new HistoryService(store, config.keepHistory, log);
  const merger = tuning.mergeThread === 'off' ? inThreadMerger : new WorkerStateMerger(log, { warm: tuning.mergeThread === 'warm' });
  const rooms = new RoomRegistry(
    store,
    {
      ...config.rooms,
      ...tuning,
      maxMessageBytes: config.limits.maxMessageBytes,
      documentStateBytes: config.abuse.documentStateBytes,
      awarenessBytes: config.abuse.awarenessBytes,
      viewerPresence: config.auth.mode === 'token' ? config.auth.viewerPresence : 'show',
      merger,
      writeHealth,
      // Editors may also add annotations with raw Yjs updates; the listing learns of them here.
      beforeUnload: async (room) => {
        await documents?.recordSummary(room);
        // The session's changes are all stored: their history is derived now, not at the next question.
        history.deriveSoon(room.documentId);
      },
      onAccessChanged: (documentId) => void access?.reevaluateHere(documentId),
    },
    log,
    bus,
  );
  documents = new DocumentService(store, rooms, merger);
  const annotations = new AnnotationService(store, rooms, config.abuse.documentStateBytes, log);
  const retention =
    config.keepHistory && config.historyDetailDays ? new HistoryRetention(store, history, config.historyDetailDays, RETENTION_EVERY_MS, log) : null;
  retention?.start();
  const verifier = config.auth.mode === 'token' ? await createTokenVerifier(config.auth) : null;
  access = new AccessService(store, rooms, config.auth, verifier, log);
  const seededDocumentId = config.seedSample ? await seedSampleDocument(store, documents) : null;

  const app = createApp({
    store,
    writeHealth,
    stopping: () => stopping,
    rooms,
    documents,
    annotations,
    history,
    access,
    limits: { ...config.limits, slowClientBufferBytes: tuning.slowClientBufferBytes },
    abuse: config.abuse,
    allowedOrigins: config.allowedOrigins,
    allowedHosts: config.allowedHosts,
    host: config.host,
    frameAncestors: config.frameAncestors,
    log,
  });
  // ws stops reading a frame past maxPayload (closing with 1009, no reason): twice the limit leaves
  // the room's own check, which gives the reason, the usual case.
  const upgrades = new SocketUpgrades((request, env) => app.fetch(request, env), { maxPayload: 2 * config.limits.maxMessageBytes }, log);

  // Hono compiles its router on the first request, and Node loads its fetch classes on first use:
  // one request here puts that on start-up, not on the first person to connect after a restart.
  await app.request('/healthz');

  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, () => resolve(s));
    s.once('error', reject);
  });
  upgrades.attach(server as Server);
  const port = (server.address() as AddressInfo).port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;

  // A crash leaves the documents that were busy with long logs, and their writers reconnect within a
  // second or two (a stock provider's backoff): loading those now spares their first edits the wait.
  void store
    .documentsWithLog(tuning.compactMaxRows)
    .then((ids) => {
      log.debug({ documents: ids.length }, 'loading the documents left with long logs');
      return rooms.warm(ids.slice(0, WARM_START_MAX_DOCUMENTS));
    })
    .catch((error: unknown) => log.warn({ err: error }, 'could not find the documents to load at start'));

  const sweep = new CompactionSweep(store, rooms, tuning.sweepIntervalMs, merger, log, bus);
  sweep.start();

  // A graceful stop: refuse new sockets and requests (503, which clients retry), store and acknowledge
  // what was received, close the sockets with 1012 so stock clients reconnect, then let go. Bounded:
  // past the timeout the process goes anyway, losing nothing acknowledged (clients still hold the
  // rest and send it again once they reconnect).
  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      stopping = true;
      await sweep.stop();
      const stored = rooms.close(CloseCode.ServiceRestart).then(() => true);
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), config.shutdownTimeoutMs)));
      const inTime = await Promise.race([stored, timedOut]);
      clearTimeout(timer);
      if (!inTime) {
        log.warn(
          { timeoutMs: config.shutdownTimeoutMs, unsavedDocuments: rooms.unsavedDocuments },
          'stopping without storing every change: none of them was acknowledged, and their clients send them again when they reconnect',
        );
      }
      await retention?.stop();
      await merger.close();
      await history.close();
      upgrades.terminateAll();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Everything is stored and every socket told: what is still open (a request refused while
      // stopping, a client's idle connection) is not waited for.
      (server as Server).closeAllConnections();
      await closed;
      await bus?.close();
      if (!options.store) await store.close();
    })());

  return { url: `http://${host}:${port}`, port, store, rooms, documents, sweep, seededDocumentId, close };
}
