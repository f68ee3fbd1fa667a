// Which browser origins may call the API and open sockets (ALLOWED_ORIGINS).

export class OriginPolicy {
  constructor(private readonly allowed: '*' | readonly string[]) {}

  allows(origin: string): boolean {
    return this.allowed === '*' || this.allowed.includes(origin);
  }

  /** For hono/cors: the origin to echo back, or null to refuse. */
  corsOrigin = (origin: string): string | null => (this.allows(origin) ? origin : null);
}
