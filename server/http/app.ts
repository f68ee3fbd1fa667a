// The Hono application: routes, JSON errors and the WebSocket endpoint, from injected parts.

import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import { IDENTITY_HEADER } from '../../shared/protocol/identity.js';
import { COLLAB_PATH } from '../../shared/protocol/message-types.js';
import type { AnnotationService } from '../annotations/annotation-service.js';
import type { AccessService } from '../auth/access-service.js';
import type { RoomRegistry } from '../collab/room-registry.js';
import type { AbuseLimits } from '../config.js';
import type { DocumentService } from '../documents/document-service.js';
import type { Logger } from '../logger.js';
import type { Store } from '../storage/store.js';
import type { WriteHealth } from '../storage/write-health.js';
import { errorResponse, handleError } from './api-error.js';
import { type AppEnv, authenticate } from './authenticate.js';
import { defaultContentPolicy } from './content-policy.js';
import { OriginPolicy, guardOrigins } from './origin-policy.js';
import { accessRoutes, shareLinkRoutes } from './routes/access.js';
import { annotationRoutes } from './routes/annotations.js';
import { historyRoutes } from './routes/history.js';
import type { HistoryService } from '../history/history-service.js';
import { clientRoutes } from './routes/client-assets.js';
import { collabRoutes } from './routes/collab.js';
import { documentRoutes } from './routes/documents.js';
import { healthRoutes } from './routes/health.js';

export interface AppDeps {
  store: Store;
  /** Whether documents' writes to the store succeed (for health checks). */
  writeHealth: WriteHealth;
  /** The server is stopping: no new sockets or requests, only health checks (which say so). */
  stopping: () => boolean;
  rooms: RoomRegistry;
  documents: DocumentService;
  annotations: AnnotationService;
  history: HistoryService;
  access: AccessService;
  limits: { maxDocumentBytes: number; slowClientBufferBytes: number; heartbeatMs: number };
  abuse: AbuseLimits;
  allowedOrigins: '*' | string[];
  /** ALLOWED_HOSTS: names besides localhost, HOST and IP addresses that open mode answers to. */
  allowedHosts: string[];
  /** HOST: the interface listened on (one of the names open mode answers to). */
  host: string;
  frameAncestors: string;
  log: Logger;
}

export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const origins = new OriginPolicy({
    allowedOrigins: deps.allowedOrigins,
    allowedHosts: deps.allowedHosts,
    host: deps.host,
    openMode: deps.access.openMode,
  });
  app.onError(handleError(deps.log));
  app.notFound((c) => errorResponse(c, 404, 'not_found', `no route for ${c.req.method} ${c.req.path}`));
  app.use(
    '*',
    secureHeaders({
      // Embedding is by script tag; framing Glossa's own pages is limited to FRAME_ANCESTORS.
      xFrameOptions: false,
      crossOriginResourcePolicy: 'cross-origin',
      crossOriginOpenerPolicy: false,
    }),
  );
  // Pages carry a strict policy of their own (routes/client-assets.ts); everything else loads nothing.
  app.use('*', defaultContentPolicy(deps.frameAncestors));
  app.route('/', healthRoutes(deps));
  // Open mode: only this server's names (DNS rebinding) and pages (other sites) get in. After health
  // checks, which tell nothing and come from balancers and containers under any name.
  app.use('*', guardOrigins(origins));
  // While stopping, refuse with a status every client retries (a stock provider reconnects after a
  // refused upgrade): the process is about to go, and a room it opened now would be lost work.
  app.use('*', async (c, next) => {
    if (!deps.stopping()) return next();
    c.header('Retry-After', '1');
    return errorResponse(c, 503, 'stopping', 'the server is restarting; retry shortly');
  });
  app.route('/', clientRoutes({ frameAncestors: deps.frameAncestors }));
  app.use('/api/*', cors({ origin: origins.corsOrigin, allowHeaders: ['Content-Type', IDENTITY_HEADER, 'Authorization'], exposeHeaders: ['Location'] }));
  app.use('/api/*', authenticate(deps.access));
  app.route(
    '/api/documents',
    documentRoutes(deps.documents, deps.access, deps.limits.maxDocumentBytes, {
      documents: deps.abuse.documentsPerPerson,
      sourceBytes: deps.abuse.sourceBytesPerPerson,
    }),
  );
  app.route('/api/documents/:documentId', annotationRoutes(deps.annotations, deps.access, deps.history));
  app.route('/api/documents/:documentId', historyRoutes(deps.history, deps.annotations, deps.access));
  app.route('/api/documents/:documentId/access', accessRoutes(deps.access));
  app.route('/api/share-links', shareLinkRoutes(deps.access));
  app.route(
    COLLAB_PATH,
    collabRoutes(
      deps.rooms,
      deps.access,
      { slowClientBufferBytes: deps.limits.slowClientBufferBytes, heartbeatMs: deps.limits.heartbeatMs, abuse: deps.abuse },
      deps.log,
    ),
  );
  return app;
}
