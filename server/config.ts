// The only reader of process.env: validates the environment into a typed Config once, at start.

import { z } from 'zod';

const MiB = 1024 * 1024;

const intFrom = (min: number) => z.coerce.number().int().min(min);

const envSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: intFrom(0).max(65535).default(3000),
  DATABASE_URL: z.string().min(1).default('./data/glossa.db'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MAX_DOCUMENT_BYTES: intFrom(1).default(5 * MiB),
  MAX_MESSAGE_BYTES: intFrom(1024).default(16 * MiB),
  SLOW_CLIENT_BUFFER_BYTES: intFrom(1024).default(32 * MiB),
  ROOM_IDLE_MS: intFrom(0).default(5000),
  COMPACT_MAX_ROWS: intFrom(1).default(500),
  COMPACT_MAX_BYTES: intFrom(1024).default(4 * MiB),
  SWEEP_INTERVAL_MS: intFrom(0).default(60_000),
  SEED_SAMPLE: z.enum(['true', 'false']).default('true'),
});

export type StoreLocation = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

export interface Config {
  host: string;
  port: number;
  store: StoreLocation;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  limits: {
    /** Largest source text accepted, in UTF-8 bytes. */
    maxDocumentBytes: number;
    /** Largest WebSocket frame accepted. */
    maxMessageBytes: number;
    /** Outbound bytes queued for one client before it is told to resync. */
    slowClientBufferBytes: number;
  };
  rooms: {
    /** How long a room with no connections stays loaded. */
    idleMs: number;
    compactMaxRows: number;
    compactMaxBytes: number;
    /** How often documents nobody has open are compacted; 0 turns the sweep off. */
    sweepIntervalMs: number;
  };
  seedSample: boolean;
}

export class ConfigError extends Error {}

function parseStoreLocation(url: string): StoreLocation {
  if (/^postgres(ql)?:\/\//i.test(url)) {
    try {
      new URL(url);
    } catch {
      throw new ConfigError('DATABASE_URL: not a valid postgres:// URL');
    }
    return { kind: 'postgres', url };
  }
  if (url.startsWith('file:')) {
    const path = url.startsWith('file://') ? new URL(url).pathname : url.slice('file:'.length);
    if (!path) throw new ConfigError('DATABASE_URL: file: URL has no path');
    return { kind: 'sqlite', path };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    throw new ConfigError(`DATABASE_URL: unsupported scheme in "${url.split('://')[0]}://…"`);
  }
  return { kind: 'sqlite', path: url };
}

/** Reads configuration from an environment; throws ConfigError with one readable line. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'environment');
    throw new ConfigError(`${name}: ${issue?.message ?? 'invalid'} (got "${String(env[name])}")`);
  }
  const e = parsed.data;
  return {
    host: e.HOST,
    port: e.PORT,
    store: parseStoreLocation(e.DATABASE_URL),
    logLevel: e.LOG_LEVEL,
    limits: {
      maxDocumentBytes: e.MAX_DOCUMENT_BYTES,
      maxMessageBytes: e.MAX_MESSAGE_BYTES,
      slowClientBufferBytes: e.SLOW_CLIENT_BUFFER_BYTES,
    },
    rooms: {
      idleMs: e.ROOM_IDLE_MS,
      compactMaxRows: e.COMPACT_MAX_ROWS,
      compactMaxBytes: e.COMPACT_MAX_BYTES,
      sweepIntervalMs: e.SWEEP_INTERVAL_MS,
    },
    seedSample: e.SEED_SAMPLE === 'true',
  };
}
