// Who a change stored in a room is recorded under (the history's "who"), and how it came. A socket's
// edits are its person's; a change the server makes (a command, a new version, an import) is made
// on someone's behalf and carries them as its transaction origin.

import type { ChangeBy, ChangeSource, UpdateAuthor } from '../storage/history-store.js';

/** Transaction origin of a change the server applies for `author` (null: nobody known). */
export class OnBehalfOf implements ChangeBy {
  constructor(
    readonly author: UpdateAuthor | null,
    readonly source: ChangeSource,
  ) {}
}

/** What a transaction origin can say of who made the change. */
export interface Authored {
  readonly author: UpdateAuthor | null;
}

const NOBODY: ChangeBy = { author: null, source: null };

export function changeBy(origin: unknown): ChangeBy {
  if (origin instanceof OnBehalfOf) return origin;
  if (origin !== null && typeof origin === 'object' && 'author' in origin) return { author: (origin as Authored).author ?? null, source: null };
  return NOBODY;
}
