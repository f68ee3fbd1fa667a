// Caps how many sockets one person holds open at once (across documents, in this process).

import type { Connection } from '../../collab/connection.js';

export class PersonConnections {
  private readonly open = new Map<string, Set<Connection>>();

  constructor(private readonly max: number) {}

  /** Counts the connection against the person; false when they are at the limit. */
  add(personId: string, connection: Connection): boolean {
    let set = this.open.get(personId);
    if (!set) this.open.set(personId, (set = new Set()));
    if (set.size >= this.max) return false;
    set.add(connection);
    connection.onClosed(() => {
      set.delete(connection);
      if (set.size === 0) this.open.delete(personId);
    });
    return true;
  }
}
