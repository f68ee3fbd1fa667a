// Who is on a document and where (y-protocols awareness): what each connection may announce,
// presence withdrawn while a connection is silent and shown again when it is heard from, and a
// stale announcement revived. The server is not a participant; it only relays others' presence.

import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { type AwarenessEntry, decodeAwarenessEntries, encodeAwarenessEntries } from '../../shared/protocol/awareness-entries.js';
import { encodeAwarenessMessage } from '../../shared/protocol/messages.js';
import { AwarenessGuard, type AwarenessLimits } from './awareness-guard.js';
import { Connection } from './connection.js';

/** Where presence changes go: every connection on the document, and other instances. */
export interface PresenceSink {
  /** `fromHere`: the change came from this instance (not relayed from another, nor a timeout), so others should hear of it. */
  presenceChanged(message: Uint8Array, update: Uint8Array, fromHere: boolean): void;
}

/** Origin of presence withdrawn from a silent connection (which still owns those ids). */
const AWAY_ORIGIN = Object.freeze({ source: 'away' });
/** Origin of presence that came from another instance: not published again. */
const REMOTE_PRESENCE = Object.freeze({ source: 'remote-presence' });

type AwarenessChange = { added: number[]; updated: number[]; removed: number[] };

export class RoomPresence {
  private readonly awareness: awarenessProtocol.Awareness;
  private readonly guard: AwarenessGuard;
  /** Presence withdrawn while a connection is silent, to show again when it is heard from. */
  private withdrawn: WeakMap<Connection, AwarenessEntry[]> | null = null;

  constructor(limits: AwarenessLimits, sink: PresenceSink) {
    this.guard = new AwarenessGuard(limits);
    // Awareness takes a Y.Doc only for a client id; its own empty one lets the content come and go.
    this.awareness = new awarenessProtocol.Awareness(new Y.Doc());
    this.awareness.setLocalState(null);
    this.awareness.on('update', ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
      if (origin instanceof Connection) {
        for (const id of added) origin.awarenessIds.add(id);
        for (const id of updated) origin.awarenessIds.add(id);
        for (const id of removed) origin.awarenessIds.delete(id);
      }
      const changed = [...added, ...updated, ...removed];
      if (changed.length === 0) return;
      const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed);
      sink.presenceChanged(encodeAwarenessMessage(update), update, origin !== REMOTE_PRESENCE && origin !== 'timeout');
    });
  }

  /** Everyone's presence, for a connection that joins; null when nobody is there. */
  everyone(): Uint8Array | null {
    const ids = [...this.awareness.getStates().keys()];
    return ids.length > 0 ? encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids)) : null;
  }

  receive(connection: Connection, update: Uint8Array): void {
    const admitted = this.guard.admit(connection, update, this.awareness.getStates());
    if (!admitted) return;
    // Only a connection's announcement of itself can be stale (see reviveStale): others skip the check.
    const announcing = connection.awarenessIds.size === 0;
    awarenessProtocol.applyAwarenessUpdate(this.awareness, admitted, connection);
    if (announcing) this.reviveStale(connection, admitted);
  }

  query(connection: Connection): void {
    if (!this.guard.mayQuery(connection)) return;
    connection.send(encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.awareness.getStates().keys()])));
  }

  /** What another instance published. */
  applyRemote(update: Uint8Array): void {
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, REMOTE_PRESENCE);
  }

  /**
   * A client whose socket was ended (it went silent) comes back announcing itself with the clock it
   * had; everyone has since seen its removal at a higher clock and ignores it. Sending it that
   * removal makes a stock client bump its clock and announce itself again (y-protocols does this
   * when told its own state was removed), so it reappears for everyone at once.
   */
  private reviveStale(connection: Connection, update: Uint8Array): void {
    const states = this.awareness.getStates();
    const stale = decodeAwarenessEntries(update)
      .filter((e) => e.stateJson !== 'null' && !states.has(e.clientId) && (this.awareness.meta.get(e.clientId)?.clock ?? -1) >= e.clock)
      .map((e) => e.clientId);
    if (stale.length > 0) connection.send(encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, stale)));
  }

  away(connection: Connection): void {
    if (connection.awarenessIds.size === 0) return;
    const ids = [...connection.awarenessIds];
    const kept = ids.flatMap((clientId) => {
      const state = this.awareness.getStates().get(clientId);
      return state === undefined ? [] : [{ clientId, clock: 0, stateJson: JSON.stringify(state) }];
    });
    (this.withdrawn ??= new WeakMap()).set(connection, kept);
    // Not the connection as origin: the ids stay its own while it is away.
    awarenessProtocol.removeAwarenessStates(this.awareness, ids, AWAY_ORIGIN);
  }

  back(connection: Connection): void {
    const kept = this.withdrawn?.get(connection);
    this.withdrawn?.delete(connection);
    if (!kept) return;
    const states = this.awareness.getStates();
    // Above the removal's clock, so everyone (the client too, which adopts it) takes it again.
    const again = kept
      .filter((e) => connection.awarenessIds.has(e.clientId) && !states.has(e.clientId))
      .map((e) => ({ ...e, clock: (this.awareness.meta.get(e.clientId)?.clock ?? 0) + 1 }));
    if (again.length > 0) awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(again), connection);
  }

  leave(connection: Connection): void {
    if (connection.awarenessIds.size > 0) awarenessProtocol.removeAwarenessStates(this.awareness, [...connection.awarenessIds], connection);
    this.guard.release(connection);
  }

  destroy(): void {
    this.awareness.destroy();
    this.awareness.doc.destroy();
  }
}
