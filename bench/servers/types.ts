// What the harness knows about each server under test.

import type { HeapUsage } from './child.js';

/** How load clients talk to a server. */
export type Protocol = 'y-websocket' | 'hocuspocus' | 'raw';

export interface StartContext {
  /** A directory this server may keep its data in; the same one again for a restart. */
  dataDir: string;
  /** Write a V8 CPU profile here when the server exits (only Glossa supports it). */
  profileDir?: string;
  /** Listen on this port (a restart on the same address, as clients reconnect to it); default: a free one. */
  port?: number;
  /** Settings added to the server's environment for this start only (Glossa only). */
  env?: Record<string, string>;
  /** Modules preloaded into the server (`--import`), e.g. bench/servers/ack-trace.mjs (Glossa only). */
  imports?: string[];
}

export interface RunningServer {
  pid: number;
  /** The URL a provider of `protocol` is given; the document name is added by the provider. */
  providerUrl: string;
  /**
   * Makes `count` documents holding `text` and returns their names. Glossa creates them through its
   * API; peers create rooms on first join, so their first client seeds the text (see `seedsText`).
   */
  createDocuments(count: number, text: string): Promise<string[]>;
  /** Runs a full garbage collection in the server and reads its memory (every server gets the same preload). */
  collectGarbage(): Promise<HeapUsage>;
  /** Stops the server gracefully (SIGTERM), killing it if it takes too long. */
  stop(): Promise<void>;
  /** Kills the server at once (SIGKILL, as `kill -9`): nothing is written out. Resolves once it is gone. */
  kill(): Promise<void>;
  /** The port it listens on. */
  port: number;
  /** Its HTTP base URL, for servers with an HTTP API (Glossa: /healthz, /api). */
  httpUrl?: string;
  /** Glossa's DATABASE_URL (a SQLite path or a postgres:// URL). */
  databaseUrl?: string;
}

export interface ServerSpec {
  id: string;
  label: string;
  protocol: Protocol;
  /** Keeps documents across a restart. */
  persistent: boolean;
  /** Relays Yjs updates as a Yjs server (false for the raw broadcast floor). */
  yjs: boolean;
  /** A peer's first client writes the document text; Glossa's documents come with it. */
  seedsText: boolean;
  /** Longest a room stays loaded after its last client leaves. */
  unloadAfterMs: number;
  /** Tells clients that ask (`?ack=saved`) when their updates are stored (Glossa's Saved message, type 100). */
  savedAck?: boolean;
  start(ctx: StartContext): Promise<RunningServer>;
  /** Removes what a run left outside `dataDir` (a PostgreSQL database); called once the run is over. */
  dispose?(dataDir: string): Promise<void>;
}
