// How a client names itself before access control: until signed tokens arrive, the server runs
// in open mode and takes the person's display identity from this header.

import { z } from 'zod';
import { HEX_COLOR } from '../model/color.js';

/** Header carrying `encodeURIComponent(JSON.stringify({id, name, color}))`. */
export const IDENTITY_HEADER = 'X-Glossa-Identity';

export const identitySchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, "-" or "_"'),
  name: z.string().trim().min(1, 'must not be empty').max(80, 'must be at most 80 characters'),
  color: z.string().regex(HEX_COLOR, 'must be a #rrggbb colour'),
});

export type Identity = z.infer<typeof identitySchema>;

export function encodeIdentity(identity: Identity): string {
  return encodeURIComponent(JSON.stringify(identity));
}

/** Presence colours: every client and the server pick from the same eight. */
export const IDENTITY_COLORS = ['#c2255c', '#1971c2', '#2f9e44', '#e8590c', '#7048e8', '#0c8599', '#e03131', '#5c940d'] as const;

/** A stable colour for a person id, the same in the browser and on the server. */
export function colorForId(id: string): string {
  let hash = 0;
  for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) >>> 0;
  return IDENTITY_COLORS[hash % IDENTITY_COLORS.length]!;
}
