// What one person's sockets share (across documents, in this process): a cap on how many are open
// at once, and one rate budget, so a person cannot buy more throughput by opening more sockets.

import type { Connection } from '../collab/connection.js';
import { RateBudget, type RateLimits } from '../collab/rate-budget.js';

interface Person {
  connections: Set<Connection>;
  budget: RateBudget;
}

export class PersonConnections {
  private readonly people = new Map<string, Person>();

  constructor(
    private readonly max: number,
    private readonly limits: RateLimits,
  ) {}

  /** Counts the connection against the person and shares their budget with it; false when they are at the limit. */
  add(personId: string, connection: Connection): boolean {
    let person = this.people.get(personId);
    if (!person) this.people.set(personId, (person = { connections: new Set(), budget: new RateBudget(this.limits) }));
    if (person.connections.size >= this.max) return false;
    const { connections } = person;
    connections.add(connection);
    connection.shareBudget(person.budget);
    connection.onClosed(() => {
      connections.delete(connection);
      if (connections.size === 0) this.people.delete(personId);
    });
    return true;
  }
}
