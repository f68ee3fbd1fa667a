// Content-Security-Policy: defence in depth behind the Markdown sanitiser. Glossa's own pages may
// run only scripts served by Glossa (no inline script, no eval), talk only to Glossa (its API and
// its collaboration socket), and load nothing from elsewhere; every other answer (JSON, the bundle,
// errors) may load nothing at all.

import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';

export const CSP = 'Content-Security-Policy';

/** A Host header safe to repeat in a header: a name or address and a port, nothing else. */
const PLAIN_HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

export interface PagePolicyOptions {
  /** FRAME_ANCESTORS, as configured. */
  frameAncestors: string;
  /** The Host the page was requested from: its socket is ws(s):// on the same host. */
  host: string | undefined;
  /** The page's own `<style>` blocks, allowed by hash (see styleHashes). */
  styleHashes: readonly string[];
}

/** The policy of an HTML page Glossa serves (the documents list, the annotator, the embed example). */
export function pagePolicy({ frameAncestors, host, styleHashes }: PagePolicyOptions): string {
  // 'self' covers ws: and wss: to the page's own host in CSP Level 3 browsers; older ones (Safari
  // before 15.4) need the socket named.
  const socket = host && PLAIN_HOST.test(host) ? ` ws://${host} wss://${host}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Lit's styles are constructed stylesheets (adoptedStyleSheets), which style-src does not govern;
    // the pages' own <style> blocks are allowed by their hashes.
    `style-src 'self'${styleHashes.map((hash) => ` '${hash}'`).join('')}`,
    `connect-src 'self'${socket}`,
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
  ].join('; ');
}

/** The policy of everything else: JSON, scripts, icons and errors load nothing. */
export function resourcePolicy(frameAncestors: string): string {
  return `default-src 'none'; frame-ancestors ${frameAncestors}`;
}

/** 'sha256-…' of every inline `<style>` block of an HTML page, as CSP matches them. */
export function styleHashes(html: string): string[] {
  return [...html.matchAll(/<style(?:\s[^>]*)?>([\s\S]*?)<\/style>/gi)].map(
    (match) => `sha256-${createHash('sha256').update(match[1]!, 'utf8').digest('base64')}`,
  );
}

/** Gives every answer that has no policy of its own (pages set theirs) the resource policy. */
export function defaultContentPolicy(frameAncestors: string): MiddlewareHandler {
  const policy = resourcePolicy(frameAncestors);
  return async (c, next) => {
    await next();
    if (!c.res.headers.has(CSP)) c.res.headers.set(CSP, policy);
  };
}
