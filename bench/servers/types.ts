// What the harness knows about each server under test.

import type { HeapUsage } from './child.js';

/** How load clients talk to a server. */
export type Protocol = 'y-websocket' | 'hocuspocus' | 'raw';

export interface StartContext {
  /** A directory this server may keep its data in; the same one again for a restart. */
  dataDir: string;
  /** Write a V8 CPU profile here when the server exits (only Glossa supports it). */
  profileDir?: string;
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
  start(ctx: StartContext): Promise<RunningServer>;
}
