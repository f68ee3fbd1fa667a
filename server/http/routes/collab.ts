// GET /collab/:documentId: upgrades to the collaboration socket and adapts it to the core's
// CollabSocket. Any stock y-websocket provider connects here with no glue; a signed token comes
// as `?token=` (the provider's `params`).

import { Hono } from 'hono';
import type { UpgradeWebSocket } from 'hono/ws';
import type { WebSocket } from 'ws';
import { CloseCode } from '../../../shared/protocol/close-codes.js';
import { SAVED_ACK_PARAM, SAVED_ACK_VALUE } from '../../../shared/protocol/message-types.js';
import type { AccessService } from '../../auth/access-service.js';
import { SocketAdmission } from '../../auth/socket-admission.js';
import { Connection } from '../../collab/connection.js';
import type { RoomRegistry } from '../../collab/room-registry.js';
import type { AbuseLimits } from '../../config.js';
import type { Logger } from '../../logger.js';
import { errorResponse } from '../api-error.js';
import { SocketHeartbeat } from '../socket-heartbeat.js';
import { WsCollabSocket } from '../ws-collab-socket.js';

export interface CollabRouteOptions {
  slowClientBufferBytes: number;
  heartbeatMs: number;
  abuse: AbuseLimits;
}

/**
 * Prepares to listen to the ws socket itself instead of through @hono/node-ws's events. The adapter's
 * listeners keep the upgrade's whole Hono context (request, headers, URLs, response) alive for
 * as long as the socket, about 3 KiB each, and build a MessageEvent around a copy of every
 * frame; a collaboration socket lives for hours and receives thousands of frames.
 */
function takeOver(raw: WebSocket, conn: Connection, log: Logger, switched: () => void): () => void {
  // Only the adapter's listeners go: ws's server tracks its clients with a close listener of its own.
  const events = ['message', 'close', 'error'] as const;
  const before = new Map(events.map((event) => [event, new Set(raw.listeners(event))]));
  return () => {
    for (const event of events) {
      for (const listener of raw.listeners(event)) {
        if (!before.get(event)!.has(listener)) raw.off(event, listener as (...args: unknown[]) => void);
      }
    }
    listen(raw, conn, log);
    switched();
  };
}

// Its own function so the listeners' closures hold only these three.
function listen(raw: WebSocket, conn: Connection, log: Logger): void {
  raw.on('message', (data: Buffer, isBinary: boolean) => {
    if (isBinary) conn.receive(data);
    else conn.close(CloseCode.MalformedMessage, 'text frames are not part of the protocol');
  });
  raw.on('close', (code: number) => conn.socketClosed(code));
  // Socket errors (oversized frames, resets) end in a close event, handled above.
  raw.on('error', (error: Error) => log.debug({ err: error }, 'socket error'));
}

export function collabRoutes(
  rooms: RoomRegistry,
  access: AccessService,
  upgradeWebSocket: UpgradeWebSocket<WebSocket>,
  options: CollabRouteOptions,
  log: Logger,
): Hono {
  const heartbeat = new SocketHeartbeat(options.heartbeatMs);
  const limits = { messagesPerSecond: options.abuse.messagesPerSecond, bytesPerSecond: options.abuse.bytesPerSecond };
  const admission = new SocketAdmission(rooms, access, { ...limits, connectionsPerPerson: options.abuse.connectionsPerPerson }, log);

  // Which pages may open a socket is decided before any route (guardOrigins in origin-policy.ts).
  return new Hono().get(
    '/:documentId',
    upgradeWebSocket(
      (c) => {
        const documentId = c.req.param('documentId') ?? '';
        const wantsSavedAck = c.req.query(SAVED_ACK_PARAM) === SAVED_ACK_VALUE;
        const token = c.req.query('token');
        let connection: Connection | null = null;
        // Until takeOver runs (later in the same tick), frames still arrive through the adapter.
        let direct = false;
        return {
          onOpen(_event, ws) {
            const raw = ws.raw as WebSocket;
            const conn = new Connection(new WsCollabSocket(raw), {
              wantsSavedAck,
              slowClientBufferBytes: options.slowClientBufferBytes,
              role: 'viewer',
              identity: null,
              limits,
            });
            connection = conn;
            heartbeat.watch(raw, conn);
            // The adapter wires its own listeners right after onOpen returns; this runs after that.
            // Not kept in a variable: closures made here live as long as the socket, and the
            // switch-over holds the adapter's listeners (and with them the upgrade's context).
            queueMicrotask(takeOver(raw, conn, log, () => (direct = true)));
            conn.onClosed(() => {
              const info = conn.closeInfo;
              // Every refusal (4400-4499) is a breach or a misbehaving client worth a line.
              if (info && info.code >= 4400 && info.code < 4500)
                log.warn({ documentId, connection: conn.id, code: info.code, reason: info.reason }, 'closed a connection');
            });
            admission.admit(conn, documentId, token).catch((error: unknown) => {
              log.error({ err: error, documentId }, 'joining room failed');
              conn.close(CloseCode.InternalError);
            });
          },
          onMessage(event) {
            if (direct) return;
            if (event.data instanceof ArrayBuffer) connection?.receive(new Uint8Array(event.data));
            else connection?.close(CloseCode.MalformedMessage, 'text frames are not part of the protocol');
          },
          onClose(event) {
            if (!direct) connection?.socketClosed(event.code);
          },
        };
      },
      {
        // Socket errors (oversized frames, resets) end in a close event, handled above. On Node 20
        // @hono/node-ws cannot build the ErrorEvent for onError and reports that failure here.
        onError: (error: unknown) => log.debug({ err: error }, 'socket error'),
      },
    ),
    // Reached only by plain HTTP requests: the upgrade helper passes them on.
    (c) => errorResponse(c, 426, 'upgrade_required', 'this endpoint speaks the y-websocket protocol over a WebSocket'),
  );
}
