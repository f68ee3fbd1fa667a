// GET /collab/:documentId: upgrades to the collaboration socket (see SocketUpgrades) and adapts it
// to the core's CollabSocket. Any stock y-websocket provider connects here with no glue; a signed
// token comes as `?token=` (the provider's `params`).

import type { Socket } from 'node:net';
import { Hono } from 'hono';
import type { WebSocket } from 'ws';
import { CloseCode } from '../../../shared/protocol/close-codes.js';
import { SAVED_ACK_PARAM, SAVED_ACK_VALUE } from '../../../shared/protocol/message-types.js';
import type { AccessService } from '../../auth/access-service.js';
import { SocketAdmission } from '../../auth/socket-admission.js';
import { Connection, type ConnectionOptions } from '../../collab/connection.js';
import type { RoomRegistry } from '../../collab/room-registry.js';
import type { AbuseLimits } from '../../config.js';
import type { Logger } from '../../logger.js';
import { errorResponse } from '../api-error.js';
import type { AppEnv } from '../authenticate.js';
import { SocketHeartbeat } from '../socket-heartbeat.js';
import { WsCollabSocket } from '../ws-collab-socket.js';

export interface CollabRouteOptions {
  slowClientBufferBytes: number;
  heartbeatMs: number;
  abuse: AbuseLimits;
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

export function collabRoutes(rooms: RoomRegistry, access: AccessService, options: CollabRouteOptions, log: Logger): Hono<AppEnv> {
  const heartbeat = new SocketHeartbeat(options.heartbeatMs);
  const limits = { messagesPerSecond: options.abuse.messagesPerSecond, bytesPerSecond: options.abuse.bytesPerSecond };
  const admission = new SocketAdmission(rooms, access, { ...limits, connectionsPerPerson: options.abuse.connectionsPerPerson }, log);

  const open = (raw: WebSocket, socket: Socket, documentId: string, token: string | undefined, connectionOptions: ConnectionOptions) => {
    const conn = new Connection(new WsCollabSocket(raw, socket), connectionOptions);
    heartbeat.watch(raw, socket, conn);
    listen(raw, conn, log);
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
  };

  // Which pages may open a socket is decided before any route (guardOrigins in origin-policy.ts).
  return new Hono<AppEnv>().get('/:documentId', (c) => {
    const upgrade = c.req.header('upgrade')?.toLowerCase() === 'websocket' ? c.env?.upgrade : undefined;
    if (!upgrade) return errorResponse(c, 426, 'upgrade_required', 'this endpoint speaks the y-websocket protocol over a WebSocket');
    const documentId = c.req.param('documentId');
    const token = c.req.query('token');
    const connectionOptions: ConnectionOptions = {
      wantsSavedAck: c.req.query(SAVED_ACK_PARAM) === SAVED_ACK_VALUE,
      slowClientBufferBytes: options.slowClientBufferBytes,
      role: 'viewer',
      identity: null,
      limits,
    };
    upgrade.accept((raw, socket) => open(raw, socket, documentId, token, connectionOptions));
    return c.body(null, 200);
  });
}
