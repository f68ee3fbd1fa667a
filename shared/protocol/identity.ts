// How a client names itself before access control: until signed tokens arrive, the server runs
// in open mode and takes the person's display identity from this header.

import { z } from 'zod';

/** Header carrying `encodeURIComponent(JSON.stringify({id, name, color}))`. */
export const IDENTITY_HEADER = 'X-Glossa-Identity';

export const identitySchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, "-" or "_"'),
  name: z.string().trim().min(1, 'must not be empty').max(80, 'must be at most 80 characters'),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a #rrggbb colour'),
});

export type Identity = z.infer<typeof identitySchema>;

export function encodeIdentity(identity: Identity): string {
  return encodeURIComponent(JSON.stringify(identity));
}
