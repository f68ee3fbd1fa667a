// GET /collab/:documentId: upgrades to the collaboration socket and adapts it to the core's
// CollabSocket. Any stock y-websocket provider connects here with no glue.

import { Hono } from 'hono';
import type { UpgradeWebSocket } from 'hono/ws';
import type { WebSocket } from 'ws';
import { CloseCode } from '../../../shared/protocol/close-codes.js';
import { SAVED_ACK_PARAM, SAVED_ACK_VALUE } from '../../../shared/protocol/message-types.js';
import type { CollabSocket } from '../../collab/collab-socket.js';
import { Connection } from '../../collab/connection.js';
import type { RoomRegistry } from '../../collab/room-registry.js';
import type { Logger } from '../../logger.js';
import { errorResponse } from '../api-error.js';

export interface CollabRouteOptions {
  slowClientBufferBytes: number;
}

function adapt(ws: WebSocket): CollabSocket {
  return {
    send: (data) => ws.send(data),
    close: (code, reason) => ws.close(code, reason),
    get bufferedAmount() {
      return ws.bufferedAmount;
    },
  };
}

export function collabRoutes(
  rooms: RoomRegistry,
  upgradeWebSocket: UpgradeWebSocket<WebSocket>,
  options: CollabRouteOptions,
  log: Logger,
): Hono {
  return new Hono().get(
    '/:documentId',
    upgradeWebSocket((c) => {
      const documentId = c.req.param('documentId') ?? '';
      const wantsSavedAck = c.req.query(SAVED_ACK_PARAM) === SAVED_ACK_VALUE;
      let connection: Connection | null = null;
      return {
        onOpen(_event, ws) {
          const conn = new Connection(adapt(ws.raw as WebSocket), {
            wantsSavedAck,
            slowClientBufferBytes: options.slowClientBufferBytes,
          });
          connection = conn;
          rooms.join(documentId, conn).then(
            (found) => {
              if (!found) conn.close(CloseCode.DocumentNotFound, documentId);
            },
            (error: unknown) => {
              log.error({ err: error, documentId }, 'joining room failed');
              conn.close(CloseCode.InternalError);
            },
          );
        },
        onMessage(event) {
          if (event.data instanceof ArrayBuffer) connection?.receive(new Uint8Array(event.data));
          else connection?.close(CloseCode.MalformedMessage, 'text frames are not part of the protocol');
        },
        onClose(event) {
          connection?.socketClosed(event.code);
        },
      };
    }, {
      // Socket errors (oversized frames, resets) end in a close event, handled above. On Node 20
      // @hono/node-ws cannot build the ErrorEvent for onError and reports that failure here.
      onError: (error: unknown) => log.debug({ err: error }, 'socket error'),
    }),
    // Reached only by plain HTTP requests: the upgrade helper passes them on.
    (c) => errorResponse(c, 426, 'upgrade_required', 'this endpoint speaks the y-websocket protocol over a WebSocket'),
  );
}
