// Waiting on a CollabSession: resolves once `until` holds, checked now and at each `type` event.

import type { CollabSession } from '../../client/sync/collab-session.js';

export function whenSession(session: CollabSession, type: string, until: () => boolean = () => true, checkNow = true): Promise<void> {
  if (checkNow && until()) return Promise.resolve();
  return new Promise((resolve) => {
    const check = () => {
      if (!until()) return;
      session.removeEventListener(type, check);
      resolve();
    };
    session.addEventListener(type, check);
  });
}
