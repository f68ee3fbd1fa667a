// The only reader of process.env: validates the environment into a typed Config once, at start.

import { z } from 'zod';
import { type Tuning, tuningSchema } from './tuning.js';

const MiB = 1024 * 1024;

const intFrom = (min: number) => z.coerce.number().int().min(min);

const envSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: intFrom(0).max(65535).default(3000),
  DATABASE_URL: z.string().min(1).default('./data/glossa.db'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MAX_DOCUMENT_BYTES: intFrom(1).default(5 * MiB),
  MAX_MESSAGE_BYTES: intFrom(1024).default(16 * MiB),
  HEARTBEAT_MS: intFrom(0).default(1000),
  SHUTDOWN_TIMEOUT_MS: intFrom(0).default(10_000),
  ROOM_IDLE_MS: intFrom(0).default(5000),
  SEED_SAMPLE: z.enum(['true', 'false']).default('true'),
  HISTORY: z.enum(['on', 'off']).default('on'),
  HISTORY_DETAIL_DAYS: intFrom(1).optional(),
  GLOSSA_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  GLOSSA_PUBLIC_KEY: z.string().includes('BEGIN PUBLIC KEY', { message: 'must be a PEM public key' }).optional(),
  GLOSSA_JWKS_URL: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
  GLOSSA_TOKEN_AUDIENCE: z.string().min(1).optional(),
  GLOSSA_TOKEN_ISSUER: z.string().min(1).optional(),
  ALLOWED_ORIGINS: z.string().optional(),
  ALLOWED_HOSTS: z.string().optional(),
  FRAME_ANCESTORS: z.string().default("'self'"),
  VIEWER_PRESENCE: z.enum(['show', 'hide']).default('show'),
  MAX_MESSAGES_PER_SECOND: intFrom(1).default(5000),
  MAX_BYTES_PER_SECOND: intFrom(1024).default(32 * MiB),
  MAX_CONNECTIONS_PER_PERSON: intFrom(1).default(20),
  MAX_DOCUMENTS_PER_PERSON: intFrom(1).default(1000),
  MAX_SOURCE_BYTES_PER_PERSON: intFrom(1024).default(1024 * MiB),
  MAX_AWARENESS_BYTES: intFrom(64).default(8 * 1024),
  MAX_DOCUMENT_STATE_BYTES: intFrom(1024).default(64 * MiB),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  GLOSSA_TUNING: z.string().optional(),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_-]{1,64}$/, 'must be 1-64 letters, digits, ":", "_" or "-"')
    .default('glossa'),
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
    /** How often sockets are pinged; one silent for two beats is ended. 0: never. */
    heartbeatMs: number;
  };
  rooms: {
    /** How long a room with no connections stays loaded. */
    idleMs: number;
  };
  /** Keep every update with who and when, as the documents' history (HISTORY=off: compaction deletes them). */
  keepHistory: boolean;
  /** Changes older than this many days are kept as one per day (HISTORY_DETAIL_DAYS); null keeps every one. */
  historyDetailDays: number | null;
  /** Changes to the server's internal tuning (tests and benchmarks; see tuning.ts). */
  tuning: Partial<Tuning>;
  seedSample: boolean;
  auth: AuthConfig;
  /**
   * Origins allowed to open sockets and call the API from a browser, besides the server's own in
   * open mode; '*' allows any.
   */
  allowedOrigins: '*' | string[];
  /**
   * Open mode: host names the Host header may carry besides localhost, HOST and IP addresses
   * (against DNS rebinding). Token mode does not check Host.
   */
  allowedHosts: string[];
  /** CSP frame-ancestors: which pages may frame Glossa's pages. */
  frameAncestors: string;
  abuse: AbuseLimits;
  /** Links instances through Redis; null for a single instance. */
  cluster: { redisUrl: string; prefix: string } | null;
  /** How long a graceful stop may take to store what is pending before the process exits anyway. */
  shutdownTimeoutMs: number;
}

/** How people are identified: open local mode, or signed tokens checked against one key source. */
export type AuthConfig =
  | { mode: 'open' }
  | {
      mode: 'token';
      key: { kind: 'secret'; secret: string } | { kind: 'public-key'; pem: string } | { kind: 'jwks'; url: string };
      audience?: string;
      issuer?: string;
      viewerPresence: 'show' | 'hide';
    };

export interface AbuseLimits {
  messagesPerSecond: number;
  bytesPerSecond: number;
  connectionsPerPerson: number;
  /** Documents one person may have created (token mode; open mode knows no people). */
  documentsPerPerson: number;
  /** UTF-8 bytes of source text across the documents one person created (token mode). */
  sourceBytesPerPerson: number;
  /** Largest awareness state one client may publish, as JSON bytes. */
  awarenessBytes: number;
  /** Largest a document's Yjs state may grow to through raw updates. */
  documentStateBytes: number;
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
    // Secrets are never echoed, not even in an error about them.
    const shown = /SECRET|KEY/.test(name) ? '' : ` (got "${String(env[name])}")`;
    throw new ConfigError(`${name}: ${issue?.message ?? 'invalid'}${shown}`);
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
      heartbeatMs: e.HEARTBEAT_MS,
    },
    rooms: { idleMs: e.ROOM_IDLE_MS },
    tuning: parseTuning(e.GLOSSA_TUNING),
    seedSample: e.SEED_SAMPLE === 'true',
    keepHistory: e.HISTORY === 'on',
    historyDetailDays: e.HISTORY_DETAIL_DAYS ?? null,
    auth: parseAuth(e),
    // Only listed origins (and, in open mode, the server's own pages): a page on another site that the
    // person happens to visit must not reach a server on their machine.
    allowedOrigins: parseOrigins(e.ALLOWED_ORIGINS),
    allowedHosts: parseHosts(e.ALLOWED_HOSTS),
    frameAncestors: e.FRAME_ANCESTORS,
    cluster: e.REDIS_URL ? { redisUrl: e.REDIS_URL, prefix: e.REDIS_PREFIX } : null,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    abuse: {
      messagesPerSecond: e.MAX_MESSAGES_PER_SECOND,
      bytesPerSecond: e.MAX_BYTES_PER_SECOND,
      connectionsPerPerson: e.MAX_CONNECTIONS_PER_PERSON,
      documentsPerPerson: e.MAX_DOCUMENTS_PER_PERSON,
      sourceBytesPerPerson: e.MAX_SOURCE_BYTES_PER_PERSON,
      awarenessBytes: e.MAX_AWARENESS_BYTES,
      documentStateBytes: e.MAX_DOCUMENT_STATE_BYTES,
    },
  };
}

type Env = z.infer<typeof envSchema>;

function parseTuning(value: string | undefined): Partial<Tuning> {
  if (value === undefined) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(value);
  } catch {
    throw new ConfigError('GLOSSA_TUNING: not JSON');
  }
  const parsed = tuningSchema.partial().safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new ConfigError(`GLOSSA_TUNING: ${issue?.path.join('.') || 'value'}: ${issue?.message ?? 'invalid'}`);
}

function parseAuth(e: Env): AuthConfig {
  const sources = [e.GLOSSA_SECRET, e.GLOSSA_PUBLIC_KEY, e.GLOSSA_JWKS_URL].filter(Boolean).length;
  if (sources > 1) throw new ConfigError('GLOSSA_SECRET, GLOSSA_PUBLIC_KEY and GLOSSA_JWKS_URL: set only one');
  const common = { audience: e.GLOSSA_TOKEN_AUDIENCE, issuer: e.GLOSSA_TOKEN_ISSUER, viewerPresence: e.VIEWER_PRESENCE };
  if (e.GLOSSA_SECRET) return { mode: 'token', key: { kind: 'secret', secret: e.GLOSSA_SECRET }, ...common };
  if (e.GLOSSA_PUBLIC_KEY) return { mode: 'token', key: { kind: 'public-key', pem: e.GLOSSA_PUBLIC_KEY }, ...common };
  if (e.GLOSSA_JWKS_URL) return { mode: 'token', key: { kind: 'jwks', url: e.GLOSSA_JWKS_URL }, ...common };
  return { mode: 'open' };
}

function parseOrigins(value: string | undefined): '*' | string[] {
  if (value === undefined || value.trim() === '') return [];
  if (value.trim() === '*') return '*';
  return value.split(',').map((origin) => {
    const trimmed = origin.trim();
    try {
      const url = new URL(trimmed);
      if (url.origin !== trimmed) throw new Error('not an origin');
      return url.origin;
    } catch {
      throw new ConfigError(`ALLOWED_ORIGINS: "${trimmed}" is not an origin like https://intranet.example.org`);
    }
  });
}

// A host name as the Host header carries it, without port: letters, digits, dots and hyphens.
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/;

function parseHosts(value: string | undefined): string[] {
  if (value === undefined || value.trim() === '') return [];
  return value.split(',').map((host) => {
    const name = host.trim().toLowerCase().replace(/\.$/, '');
    if (!HOST_NAME.test(name)) throw new ConfigError(`ALLOWED_HOSTS: "${host.trim()}" is not a host name like glossa.example.org (no scheme, no port)`);
    return name;
  });
}
