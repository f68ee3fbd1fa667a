// The Hono application: routes, JSON errors and the WebSocket endpoint, from injected parts.

import { Hono } from 'hono';
import { cors } from 'hono/cors';
import type { UpgradeWebSocket } from 'hono/ws';
import type { WebSocket } from 'ws';
import { IDENTITY_HEADER } from '../../shared/protocol/identity.js';
import { COLLAB_PATH } from '../../shared/protocol/message-types.js';
import type { AnnotationService } from '../annotations/annotation-service.js';
import type { RoomRegistry } from '../collab/room-registry.js';
import type { DocumentService } from '../documents/document-service.js';
import type { Logger } from '../logger.js';
import type { Store } from '../storage/store.js';
import { errorResponse, handleError } from './api-error.js';
import { type AppEnv, openModeIdentity } from './identity.js';
import { annotationRoutes } from './routes/annotations.js';
import { clientRoutes } from './routes/client-assets.js';
import { collabRoutes } from './routes/collab.js';
import { documentRoutes } from './routes/documents.js';
import { healthRoutes } from './routes/health.js';

export interface AppDeps {
  store: Store;
  rooms: RoomRegistry;
  documents: DocumentService;
  annotations: AnnotationService;
  /** Binds the WebSocket upgrade helper to the app it serves (createNodeWebSocket needs the app). */
  bindWebSocket: (app: Hono<AppEnv>) => UpgradeWebSocket<WebSocket>;
  limits: { maxDocumentBytes: number; slowClientBufferBytes: number };
  log: Logger;
}

export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const upgradeWebSocket = deps.bindWebSocket(app);
  app.onError(handleError(deps.log));
  app.notFound((c) => errorResponse(c, 404, 'not_found', `no route for ${c.req.method} ${c.req.path}`));
  app.route('/', healthRoutes(deps.store));
  app.route('/', clientRoutes());
  // Embedding pages on other origins call the API from the browser (issue 5 narrows the origins).
  app.use('/api/*', cors({ origin: '*', allowHeaders: ['Content-Type', IDENTITY_HEADER, 'Authorization'], exposeHeaders: ['Location'] }));
  app.use('/api/*', openModeIdentity());
  app.route('/api/documents', documentRoutes(deps.documents, deps.limits.maxDocumentBytes));
  app.route('/api/documents/:documentId', annotationRoutes(deps.annotations));
  app.route(
    COLLAB_PATH,
    collabRoutes(deps.rooms, upgradeWebSocket, { slowClientBufferBytes: deps.limits.slowClientBufferBytes }, deps.log),
  );
  return app;
}
