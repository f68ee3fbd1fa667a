// Who a signed token names, for display only (the server verifies tokens; the client cannot).

import type { Identity } from '../../shared/protocol/identity.js';

const palette = ['#c2255c', '#1971c2', '#2f9e44', '#e8590c', '#7048e8', '#0c8599', '#e03131', '#5c940d'];

export function identityFromToken(token: string): Identity | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const binary = atob(payload.replaceAll('-', '+').replaceAll('_', '/'));
    const json = new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
    const claims = JSON.parse(json) as { sub?: string; name?: string; color?: string };
    if (!claims.sub) return null;
    const color = claims.color && /^#[0-9a-fA-F]{6}$/.test(claims.color) ? claims.color : palette[claims.sub.length % palette.length]!;
    return { id: claims.sub, name: claims.name ?? claims.sub, color };
  } catch {
    return null;
  }
}
