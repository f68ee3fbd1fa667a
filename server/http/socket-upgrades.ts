// WebSocket upgrades, on ws's WebSocketServer({ noServer: true }) driven by the HTTP server's
// 'upgrade' event. The upgrade request goes through the Hono app first, so the same policies
// (origins, hosts, a stopping server) and the same route answer it; the route accepts it (see
// UpgradeRequest) or answers with a status, which is written back as a plain HTTP response.

import { type IncomingMessage, type Server, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../logger.js';

/** Handed to the route with a request that asks for a WebSocket. */
export interface UpgradeRequest {
  /** Upgrades the request once the route returns; `open` gets the WebSocket and the connection under it. */
  accept(open: OnOpen): void;
}

/** What the app's handlers find in `c.env` (as @hono/node-server gives it), and an upgrade on a request that asks for one. */
export interface UpgradeBindings {
  incoming?: IncomingMessage;
  upgrade?: UpgradeRequest;
}

export interface SocketUpgradeOptions {
  /** ws stops reading a frame past this before buffering it (closing with 1009, no reason). */
  maxPayload: number;
}

type Fetch = (request: Request, env: UpgradeBindings) => Response | Promise<Response>;

/** `socket`: the TCP connection (its byte counts tell whether the client is still sending). */
export type OnOpen = (ws: WebSocket, socket: Socket) => void;

// How long a refused upgrade's connection stays for the client to read the answer.
const REFUSED_LINGER_MS = 1_000;

// Headers a refusal is written with here, whatever the app's response says.
const OWN_HEADERS = new Set(['connection', 'content-length', 'transfer-encoding']);

export class SocketUpgrades {
  private readonly wss: WebSocketServer;

  constructor(
    private readonly fetch: Fetch,
    options: SocketUpgradeOptions,
    private readonly log: Logger,
  ) {
    // No compression: it would cost every socket its own deflate of every relay.
    this.wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayload, perMessageDeflate: false });
  }

  /** Takes the server's upgrade requests. */
  attach(server: Server): void {
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => void this.upgrade(request, socket, head));
  }

  /** Every open socket, ended at once (the last step of a stop). */
  terminateAll(): void {
    for (const ws of this.wss.clients) ws.terminate();
  }

  private async upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    // Until ws takes the socket over, a reset must not go unhandled (it would end the process).
    const onError = () => socket.destroy();
    socket.on('error', onError);
    let open: OnOpen | null = null;
    let response: Response;
    try {
      response = await this.fetch(toRequest(request), { incoming: request, upgrade: { accept: (fn) => (open = fn) } });
    } catch (error) {
      this.log.error({ err: error }, 'upgrade request failed');
      response = new Response(null, { status: 500 });
    }
    const accepted = open as OnOpen | null;
    if (accepted && response.ok) {
      socket.off('error', onError);
      // An upgrade request's socket is the connection's net.Socket (node:http's 'upgrade' event).
      this.wss.handleUpgrade(request, socket, head, (ws) => accepted(ws, socket as Socket));
      return;
    }
    const body = Buffer.from(await response.arrayBuffer());
    const status = accepted ? 500 : response.status;
    let lines = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n`;
    response.headers.forEach((value, name) => {
      if (!OWN_HEADERS.has(name)) lines += `${name}: ${value}\r\n`;
    });
    lines += `Connection: close\r\nContent-Length: ${body.byteLength}\r\n\r\n`;
    if (!socket.writable) return void socket.destroy();
    socket.end(Buffer.concat([Buffer.from(lines, 'latin1'), body]));
    // A client that keeps its end open after the answer would hold the connection (and a stopping
    // server's close) half open: it gets a moment to read the answer, then the connection goes.
    setTimeout(() => socket.destroy(), REFUSED_LINGER_MS).unref();
  }
}

/** The upgrade request as the app sees a request: method, URL and headers (it has no body). */
function toRequest(request: IncomingMessage): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  // The path alone: what Host says is for the origin policy to judge, from the header.
  return new Request(new URL(request.url ?? '/', 'http://localhost'), { method: request.method ?? 'GET', headers });
}
