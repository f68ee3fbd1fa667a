// Everyone present gets a colour no one else present has, so two people's selections are never
// confused. Each person keeps the colour they chose when it is free; on a clash, the one with the
// higher awareness client id (random, but the same on every screen) moves to the first free one.
// Every client computes the same answer from the same people, so all see the same colours; nothing
// is sent, which also holds in token mode, where the server fixes each person's stated colour.

import { IDENTITY_COLORS } from '../../shared/protocol/identity.js';

export interface PresentPerson {
  clientId: number;
  /** Person id: several tabs of one person are one person, with one colour. */
  id: string;
  color: string;
}

/** Person id → the colour to show them in. */
export function distinctColors(present: readonly PresentPerson[], palette: readonly string[] = IDENTITY_COLORS): Map<string, string> {
  const first = new Map<string, PresentPerson>();
  for (const p of present) {
    const seen = first.get(p.id);
    if (!seen || p.clientId < seen.clientId) first.set(p.id, p);
  }
  const colors = new Map<string, string>();
  const taken = new Set<string>();
  for (const p of [...first.values()].sort((a, b) => a.clientId - b.clientId)) {
    const wanted = p.color.toLowerCase();
    const color = !taken.has(wanted) ? wanted : (palette.find((c) => !taken.has(c.toLowerCase()))?.toLowerCase() ?? wanted);
    taken.add(color);
    colors.set(p.id, color);
  }
  return colors;
}
