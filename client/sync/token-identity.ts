// Who a signed token names, for display only (the server verifies tokens; the client cannot).

import { type Identity, colorForId } from '../../shared/protocol/identity.js';
import { isHexColor } from '../../shared/model/color.js';

export function identityFromToken(token: string): Identity | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const binary = atob(payload.replaceAll('-', '+').replaceAll('_', '/'));
    const json = new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
    const claims = JSON.parse(json) as { sub?: string; name?: string; color?: string };
    if (!claims.sub) return null;
    // The same fallback as the server's, so the presence colour matches what others see.
    const color = isHexColor(claims.color) ? claims.color : colorForId(claims.sub);
    return { id: claims.sub, name: claims.name ?? claims.sub, color };
  } catch {
    return null;
  }
}
