// Who may keep a collaboration socket open, and for how long: the token or identity is checked, the
// person's role on the document decides what they may send, one person's sockets share a cap and a
// rate budget, and a socket is closed when its token or share link runs out.

import { CloseCode, closeCodeMeaning } from '../../shared/protocol/close-codes.js';
import type { Connection } from '../collab/connection.js';
import type { RateLimits } from '../collab/rate-budget.js';
import type { RoomRegistry } from '../collab/room-registry.js';
import type { Logger } from '../logger.js';
import type { AccessService } from './access-service.js';
import { PersonConnections } from './person-connections.js';
import { AuthError } from './principal.js';

// setTimeout cannot wait longer than this; a token valid for longer is checked again then.
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface AdmissionLimits extends RateLimits {
  connectionsPerPerson: number;
}

export class SocketAdmission {
  private readonly perPerson: PersonConnections;

  constructor(
    private readonly rooms: RoomRegistry,
    private readonly access: AccessService,
    private readonly limits: AdmissionLimits,
    private readonly log: Logger,
  ) {
    this.perPerson = new PersonConnections(limits.connectionsPerPerson, { messagesPerSecond: limits.messagesPerSecond, bytesPerSecond: limits.bytesPerSecond });
  }

  /** Admits the socket to the document's room, or closes it with the reason. */
  async admit(conn: Connection, documentId: string, token: string | undefined): Promise<void> {
    const { access, rooms } = this;
    let principal;
    try {
      principal = await access.authenticate(token, null);
    } catch (error) {
      if (error instanceof AuthError) return conn.close(CloseCode.Unauthenticated, error.message);
      throw error;
    }
    const role = await access.roleFor(principal, documentId);
    if (rooms.stopping) return conn.close(CloseCode.ServiceRestart, closeCodeMeaning[CloseCode.ServiceRestart]);
    // Same answer for "no such document" and "not yours to see", so ids do not leak.
    if (!role) return conn.close(CloseCode.DocumentNotFound, documentId);
    // Open mode knows no people (every socket is "anonymous"): a per-person cap would cap the server.
    if (!access.openMode && !this.perPerson.add(principal.id, conn)) {
      this.log.warn({ user: principal.id }, 'too many connections for one person');
      return conn.close(CloseCode.RateLimited, `at most ${this.limits.connectionsPerPerson} connections per person`);
    }
    conn.role = role;
    if (!access.openMode) conn.options.identity = { id: principal.id, name: principal.name, color: principal.color };
    access.track(conn, principal);
    if (principal.expiresAt !== null) scheduleExpiry(conn, principal.expiresAt);
    // Access from a share link ends with the link: re-check the socket then.
    const grantEnds = await access.grantExpiry(principal, documentId);
    if (grantEnds !== null) scheduleAt(conn, grantEnds, () => void access.reevaluateHere(documentId));
    if (await rooms.join(documentId, conn)) return;
    // A stop that began meanwhile is not "no such document": that would make a stock client give up for good.
    if (rooms.stopping) conn.close(CloseCode.ServiceRestart, closeCodeMeaning[CloseCode.ServiceRestart]);
    else conn.close(CloseCode.DocumentNotFound, documentId);
  }
}

function scheduleAt(conn: Connection, at: number, run: () => void): void {
  const wait = at - Date.now();
  const timer = setTimeout(() => (wait > MAX_TIMER_MS ? scheduleAt(conn, at, run) : run()), Math.max(0, Math.min(wait, MAX_TIMER_MS)));
  timer.unref();
  conn.onClosed(() => clearTimeout(timer));
}

function scheduleExpiry(conn: Connection, expiresAt: number): void {
  scheduleAt(conn, expiresAt, () => conn.close(CloseCode.Unauthenticated, 'token expired; reconnect with a fresh token'));
}
