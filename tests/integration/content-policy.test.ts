// The content policy Glossa serves (issue 24, item 7): a strict one on its own pages, none to load
// anything on everything else. What the policy does in a browser is tests/e2e/content-policy.test.ts.

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createDocument, startTestServer } from '../support/test-server.js';

/** A policy as directive → sources. */
function directives(policy: string | null): Map<string, string[]> {
  expect(policy).toBeTruthy();
  return new Map(
    policy!
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

describe('content security policy', async () => {
  const server = await startTestServer({ FRAME_ANCESTORS: "'self' https://intranet.example.org" });
  const id = await createDocument(server.url, 'Some text.');
  const host = new URL(server.url).host;
  const pages = ['/', `/documents/${id}`, `/embed-example.html?document=${id}`];

  it.each(pages)('serves %s with the strict page policy', async (path) => {
    const res = await fetch(`${server.url}${path}`);
    expect(res.status).toBe(200);
    const policy = directives(res.headers.get('content-security-policy'));
    expect(policy.get('default-src')).toEqual(["'self'"]);
    // Scripts only from Glossa: no inline script, no eval, no other origin.
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('connect-src')).toEqual(["'self'", `ws://${host}`, `wss://${host}`]);
    expect(policy.get('img-src')).toEqual(["'self'", 'data:']);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('form-action')).toEqual(["'self'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'self'", 'https://intranet.example.org']);
    // No 'unsafe-inline' or 'unsafe-eval' for anything: style attributes are never written (the
    // client sets style properties through the CSSOM), and the page's own <style> is allowed by hash.
    expect([...policy.values()].flat().filter((source) => source.startsWith("'unsafe"))).toEqual([]);
    expect(policy.has('style-src-attr')).toBe(false);
    const html = await res.text();
    const hashes = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => `'sha256-${createHash('sha256').update(m[1]!).digest('base64')}'`);
    expect(hashes.length).toBeGreaterThan(0);
    expect(policy.get('style-src')).toEqual(["'self'", ...hashes]);
    // Every script of the page is a file the policy lets in: none inline, none from elsewhere.
    const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    for (const attributes of scripts) expect(attributes).toMatch(/\bsrc="\/?[\w.-]+\.js"/);
    expect(html).not.toMatch(/\son[a-z]+=/i);
  });

  it('serves the pages’ scripts (built, not inline)', async () => {
    for (const script of ['/embed.js', '/document-page.js', '/embed-example.js']) {
      const res = await fetch(`${server.url}${script}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    }
  });

  it.each(['/api/documents', `/api/documents/${id}/annotations`, '/api/documents/nope', '/healthz', '/embed.js', '/no-such-route'])(
    'lets %s load nothing',
    async (path) => {
      const res = await fetch(`${server.url}${path}`);
      expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'self' https://intranet.example.org");
    },
  );
});
