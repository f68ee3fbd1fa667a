// Presence hygiene: an awareness client id belongs to the socket that first claimed it, states
// are capped in size and rate, verified people cannot pose as someone else, and viewers' presence
// can be hidden. Runs before an awareness update reaches the room's Awareness.
//
// Stock y-websocket clients re-send every awareness change they receive, others' included, so
// entries for ids owned elsewhere are dropped, not treated as an attack. A recently released id
// cannot be picked up from such an echo either: only a socket's first awareness message (a
// reconnecting client announcing itself) may claim it.

import { type AwarenessEntry, decodeAwarenessEntries, encodeAwarenessEntries } from '../../shared/protocol/awareness-entries.js';
import { CloseCode } from '../../shared/protocol/close-codes.js';
import type { Connection } from './connection.js';
import { TokenBucket } from './token-bucket.js';
import { isHexColor } from '../../shared/model/color.js';
import { identitySchema } from '../../shared/protocol/identity.js';
import type { UpdateAuthor } from '../storage/history-store.js';

export interface AwarenessLimits {
  /** Largest state JSON one client may publish. */
  awarenessBytes: number;
  viewerPresence: 'show' | 'hide';
}

// Cursor movement sends a few updates a second; thirty is far above honest use. Past it a socket's
// own updates are dropped (presence is refreshed anyway), and one that keeps it up this long is closed.
const AWARENESS_PER_SECOND = 30;
const AWARENESS_OVER_FOR_MS = 3_000;
// A query is answered with every presence in the room: work and bytes that grow with the room. Stock
// clients never send one; a few a second is plenty for any that does, and the rest are not answered.
const QUERIES_PER_SECOND = 5;
// Long enough for every client to have seen the removal of a departed client's state.
const RELEASED_HOLD_MS = 30_000;
/**
 * Presence ids one socket may own: a stock client uses one, and a few more cover a page that
 * re-created its Y.Doc. Thousands in one frame are a flood meant to swamp every peer.
 */
export const MAX_IDS_PER_SOCKET = 4;
/** Presence states one document may hold: far above the people who can read one text together. */
export const MAX_STATES_PER_ROOM = 1_000;

const utf8 = new TextEncoder();

export class AwarenessRefusal extends Error {
  constructor(
    readonly code: CloseCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The entry with its `user.color` removed when that is not #rrggbb: every viewer's page puts the
 * colour into a style, and a state of `red; background-image: url(…)` would make them all fetch it.
 */
function withSafeColor(entry: AwarenessEntry): AwarenessEntry {
  if (!entry.stateJson.includes('color')) return entry;
  let state: unknown;
  try {
    state = JSON.parse(entry.stateJson);
  } catch {
    throw new AwarenessRefusal(CloseCode.UpdateRejected, 'awareness state is not JSON');
  }
  const user = (state as { user?: unknown } | null)?.user;
  if (typeof user !== 'object' || user === null || !('color' in user) || isHexColor(user.color)) return entry;
  const { color: _dropped, ...rest } = user as Record<string, unknown>;
  return { ...entry, stateJson: JSON.stringify({ ...(state as object), user: rest }) };
}

const claimSchema = identitySchema.pick({ id: true, name: true });

/**
 * In open mode, whom the client's presence names: its edits are recorded under it. A presence that still
 * names `known` is not read again: every move of a selection sends the whole state.
 */
function claimedAuthor(own: readonly AwarenessEntry[], known: UpdateAuthor | null): UpdateAuthor | null {
  const mark = known && `"id":${JSON.stringify(known.id)},"name":${JSON.stringify(known.name)}`;
  for (const entry of own) {
    if (!entry.stateJson.includes('"user"') || (mark && entry.stateJson.includes(mark))) continue;
    let state: unknown;
    try {
      state = JSON.parse(entry.stateJson);
    } catch {
      continue; // refused with its reason by withSafeColor
    }
    const claim = claimSchema.safeParse((state as { user?: unknown } | null)?.user);
    if (claim.success) return claim.data;
  }
  return null;
}

export class AwarenessGuard {
  private readonly owners = new Map<number, Connection>();
  private readonly rates = new WeakMap<Connection, TokenBucket>();
  // Made when a connection first leaves: most rooms never need it.
  private released: Map<number, number> | null = null;
  private readonly announced = new WeakSet<Connection>();
  private readonly queries = new WeakMap<Connection, TokenBucket>();
  /** How many ids each connection owns (as in `owners`). */
  private readonly ownedCount = new WeakMap<Connection, number>();

  constructor(private readonly limits: AwarenessLimits) {}

  /**
   * The update to apply on the connection's behalf, null to drop it, or an AwarenessRefusal thrown.
   * `present` is the room's presence now: an id there that no socket here owns is someone's on
   * another instance, and only a socket announcing itself (its first message) may take it over.
   */
  admit(connection: Connection, update: Uint8Array, present: ReadonlyMap<number, unknown>): Uint8Array | null {
    let entries: AwarenessEntry[];
    try {
      entries = decodeAwarenessEntries(update);
    } catch (error) {
      throw new AwarenessRefusal(CloseCode.UpdateRejected, 'not an awareness update (y-protocols) that decodes');
    }
    const first = !this.announced.has(connection);
    this.announced.add(connection);
    const now = Date.now();
    const own = entries.filter((entry) => {
      const owner = this.owners.get(entry.clientId);
      if (owner) return owner === connection;
      if (first) return true;
      if (present.has(entry.clientId)) return false;
      const releasedAt = this.released?.get(entry.clientId);
      return releasedAt === undefined || now - releasedAt > RELEASED_HOLD_MS;
    });
    for (const entry of own) {
      // Bytes as sent (UTF-8), not UTF-16 units: an astral character is four bytes and two units.
      if (entry.stateJson.length > this.limits.awarenessBytes / 4 && utf8.encode(entry.stateJson).byteLength > this.limits.awarenessBytes) {
        throw new AwarenessRefusal(CloseCode.UpdateRejected, `awareness state over ${this.limits.awarenessBytes} bytes`);
      }
    }
    if (own.length === 0) return null;
    // Only a socket's own presence counts: a stock client echoes every change it hears, so a room
    // whose people all reconnect at once (a server restart) would otherwise trip the limit for everyone.
    let rate = this.rates.get(connection);
    if (!rate) this.rates.set(connection, (rate = new TokenBucket(AWARENESS_PER_SECOND)));
    if (!rate.take()) {
      if (rate.overFor() < AWARENESS_OVER_FOR_MS) return null;
      throw new AwarenessRefusal(CloseCode.TryAgainLater, `over ${AWARENESS_PER_SECOND} awareness updates per second for ${AWARENESS_OVER_FOR_MS / 1000} s`);
    }
    if (connection.role === 'viewer' && this.limits.viewerPresence === 'hide') return null;
    this.checkCounts(connection, own);
    for (const entry of own) {
      if (entry.stateJson === 'null') continue;
      this.owners.set(entry.clientId, connection);
      this.released?.delete(entry.clientId);
    }
    const identity = connection.options.identity;
    if (!identity) {
      connection.claimed = claimedAuthor(own, connection.claimed) ?? connection.claimed;
      const clean = own.map(withSafeColor);
      const changed = clean.some((entry, i) => entry !== own[i]);
      return own.length === entries.length && !changed ? update : encodeAwarenessEntries(clean);
    }
    // The server knows who this is: presence shows that name, whatever the client says.
    return encodeAwarenessEntries(
      own.map((entry) => {
        if (entry.stateJson === 'null') return entry;
        let state: unknown;
        try {
          state = JSON.parse(entry.stateJson);
        } catch {
          throw new AwarenessRefusal(CloseCode.UpdateRejected, 'awareness state is not JSON');
        }
        if (typeof state !== 'object' || state === null || Array.isArray(state)) return { ...entry, stateJson: JSON.stringify({ user: identity }) };
        return { ...entry, stateJson: JSON.stringify({ ...state, user: identity }) };
      }),
    );
  }

  /** Refuses, before anything is applied or relayed, ids past what one socket or one room may own. */
  private checkCounts(connection: Connection, own: readonly AwarenessEntry[]): void {
    let added = 0;
    for (const entry of own) if (entry.stateJson !== 'null' && this.owners.get(entry.clientId) !== connection) added++;
    if (added === 0) return;
    const owned = (this.ownedCount.get(connection) ?? 0) + added;
    if (owned > MAX_IDS_PER_SOCKET) {
      throw new AwarenessRefusal(CloseCode.RateLimited, `awareness for more than ${MAX_IDS_PER_SOCKET} client ids on one socket`);
    }
    if (this.owners.size + added > MAX_STATES_PER_ROOM) {
      throw new AwarenessRefusal(CloseCode.RateLimited, `awareness: the document already shows ${MAX_STATES_PER_ROOM} presences`);
    }
    this.ownedCount.set(connection, owned);
  }

  /** Whether to answer the connection's query for everyone's presence now (thinned past a few a second). */
  mayQuery(connection: Connection): boolean {
    let bucket = this.queries.get(connection);
    if (!bucket) this.queries.set(connection, (bucket = new TokenBucket(QUERIES_PER_SECOND)));
    return bucket.take();
  }

  /** Forgets the ids a closed connection owned. */
  release(connection: Connection): void {
    const now = Date.now();
    const released = (this.released ??= new Map());
    this.ownedCount.delete(connection);
    for (const [id, owner] of this.owners) {
      if (owner !== connection) continue;
      this.owners.delete(id);
      released.set(id, now);
    }
    for (const [id, at] of released) if (now - at > RELEASED_HOLD_MS) released.delete(id);
  }
}
