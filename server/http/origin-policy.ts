// Which browser origins may call the API and open sockets (ALLOWED_ORIGINS), and, in open mode,
// which names the server answers to (the Host header, against DNS rebinding).
//
// Open mode has no tokens: whoever reaches the server may do everything. A browser reaches it on
// behalf of every page its person visits, so in open mode the server itself refuses
//  - a request whose Host is not a name of this server: a page on evil.example whose name was
//    made to resolve to 127.0.0.1 (DNS rebinding) is same-origin with itself, so the browser sends
//    no Origin worth checking, but its Host still says evil.example;
//  - an API request or socket whose Origin is neither the server's own nor listed: CORS alone only
//    hides answers from such a page, and a form post or a socket needs no CORS at all.
// Requests without Origin (curl, servers, a browser's same-origin GETs) are not a browser acting
// for another site, and are served.

import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import type { Context, MiddlewareHandler } from 'hono';
import { errorResponse } from './api-error.js';

export interface OriginPolicyOptions {
  /** ALLOWED_ORIGINS: '*' or the origins listed (besides the server's own in open mode). */
  allowedOrigins: '*' | readonly string[];
  /** ALLOWED_HOSTS: names the Host header may carry besides localhost, HOST and IP addresses. */
  allowedHosts: readonly string[];
  /** HOST: the interface the server listens on (a name or an address). */
  host: string;
  /** Open local mode: the server's own origins are allowed, and Host must name this server. */
  openMode: boolean;
}

/** Where a request was sent: its Host header, and the local port of the connection when known. */
export interface RequestTarget {
  host: string | undefined;
  port: number | undefined;
}

// What a browser may put in Host: a name or IPv4 address, or a bracketed IPv6 address, and a port.
const HOST_HEADER = /^(?:[A-Za-z0-9._-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** The Host header as URL parses it (lowercase, default port dropped), or null when it is not one. */
function parseHost(value: string): URL | null {
  if (!HOST_HEADER.test(value)) return null;
  try {
    return new URL(`http://${value}`);
  } catch {
    return null;
  }
}

const bare = (hostname: string) => hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');

export class OriginPolicy {
  /** Host names (as URL.hostname spells them) under which this server's own pages are served. */
  private readonly ownNames: ReadonlySet<string>;
  private readonly knownHosts: ReadonlySet<string>;

  constructor(private readonly options: OriginPolicyOptions) {
    const names = new Set(['localhost', '127.0.0.1', '[::1]']);
    const host = options.host.toLowerCase();
    // 0.0.0.0 and :: are every interface, not a name a page is served under.
    if (host !== '0.0.0.0' && host !== '::') names.add(isIP(host) === 6 ? `[${host}]` : host);
    this.ownNames = names;
    this.knownHosts = new Set([...[...names].map(bare), ...options.allowedHosts]);
  }

  get openMode(): boolean {
    return this.options.openMode;
  }

  /**
   * Whether a Host header names this server (open mode). An IP address always does: DNS rebinding
   * needs a name, and a browser that sends an address as Host was pointed at that address itself.
   */
  allowsHost(host: string | undefined): boolean {
    // HTTP/1.0 and in-process requests have none; every browser sends one.
    if (host === undefined) return true;
    const url = parseHost(host);
    if (!url) return false;
    const name = bare(url.hostname);
    return isIP(name) !== 0 || this.knownHosts.has(name);
  }

  /** Whether a browser page on `origin` may call the API or open a socket, for a request sent to `target`. */
  allows(origin: string, target: RequestTarget = { host: undefined, port: undefined }): boolean {
    const listed = this.options.allowedOrigins;
    if (listed === '*' || listed.includes(origin)) return true;
    return this.options.openMode && this.isOwnOrigin(origin, target);
  }

  /** For hono/cors: the origin to echo back, or null to refuse. */
  corsOrigin = (origin: string, c: Context): string | null => (this.allows(origin, requestTarget(c)) ? origin : null);

  /** A page of this server: as the request addressed it, or under a loopback name (or HOST) on its port. */
  private isOwnOrigin(origin: string, target: RequestTarget): boolean {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return false; // "null" (sandboxed frames, file: pages) and anything else that is no origin
    }
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== origin.toLowerCase()) return false;
    // The same name and port the request was sent to, when that name is one of the server's: the
    // page and the request are same-origin (also behind a proxy that keeps Host, or a forwarded port).
    const host = target.host === undefined ? null : parseHost(target.host);
    if (host && url.host === host.host && this.allowsHost(target.host)) return true;
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
    return target.port !== undefined && port === target.port && this.ownNames.has(url.hostname);
  }
}

/** The Host header and the local port the request came in on (from @hono/node-server's env). */
export function requestTarget(c: Context): RequestTarget {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  return { host: c.req.header('Host'), port: incoming?.socket?.localPort };
}

/**
 * Refuses, before any route: in open mode, a Host that does not name this server (421), and an API
 * request or socket from a page on an origin that may not use it (403). In token mode, sockets from
 * origins not listed (tokens, not origins, guard the API there; CORS keeps other pages from reading).
 */
export function guardOrigins(policy: OriginPolicy): MiddlewareHandler {
  return async (c, next) => {
    const target = requestTarget(c);
    if (policy.openMode && !policy.allowsHost(target.host)) {
      return errorResponse(
        c,
        421,
        'host_not_allowed',
        `this server does not answer to the name ${String(target.host)}; if it should, list it in ALLOWED_HOSTS`,
      );
    }
    const origin = c.req.header('Origin');
    const guarded = c.req.path.startsWith('/collab/') || (policy.openMode && c.req.path.startsWith('/api/'));
    if (origin !== undefined && guarded && !policy.allows(origin, target)) {
      return errorResponse(c, 403, 'origin_not_allowed', `a page on ${origin} may not use this server; if it should, list it in ALLOWED_ORIGINS`);
    }
    await next();
  };
}
