// Connecting many load clients at once, in bounded batches, and seeding peers' empty documents.

import * as Y from 'yjs';
import type { Protocol } from '../servers/types.js';
import { withTimeout } from '../stats.js';
import { type BenchClient, connectClient } from './adapters.js';
import { SOURCE } from './annotations.js';
import { inBatches } from './rpc.js';

export interface ConnectArgs {
  protocol: Protocol;
  url: string;
  /** One client per entry; a room may appear several times. */
  rooms: string[];
  /** Text a peer's empty document is given by its first client here (Glossa's come with text). */
  seedText?: string;
  timeoutMs?: number;
  /** Publish a presence state (a stock provider does); see connectClient. */
  presence?: boolean;
}

/** Waits until `client` is synced; then writes `seedText` if its document has no text yet. */
export async function syncAndSeed(client: BenchClient, seedText: string | undefined, timeoutMs: number): Promise<number> {
  const at = await withTimeout(client.synced, timeoutMs, 'provider to sync');
  const text = client.doc.getText(SOURCE);
  if (seedText && text.length === 0) text.insert(0, seedText);
  return at;
}

/**
 * Connects one client per room entry, at most `batch` connecting at once. The first client of
 * each room syncs (and seeds) before the others start, so every later one sees the text.
 */
export async function connectMany(args: ConnectArgs, batch = 25): Promise<BenchClient[]> {
  const timeoutMs = args.timeoutMs ?? 30_000;
  const clients: BenchClient[] = new Array(args.rooms.length);
  const firstOf = new Map<string, number>();
  args.rooms.forEach((room, i) => {
    if (!firstOf.has(room)) firstOf.set(room, i);
  });
  const firsts = [...firstOf.values()];
  await inBatches(firsts, batch, async (i) => {
    clients[i] = connectClient(args.protocol, args.url, args.rooms[i]!, new Y.Doc(), args.presence);
    await syncAndSeed(clients[i], args.seedText, timeoutMs);
  });
  const rest = args.rooms.map((_, i) => i).filter((i) => clients[i] === undefined);
  await inBatches(rest, batch, async (i) => {
    clients[i] = connectClient(args.protocol, args.url, args.rooms[i]!, new Y.Doc(), args.presence);
    await syncAndSeed(clients[i], undefined, timeoutMs);
  });
  return clients;
}

/** The state vector as a canonical string, for checking that replicas converged. */
export function stateVectorKey(doc: Y.Doc): string {
  const sv = Y.decodeStateVector(Y.encodeStateVector(doc));
  return [...sv.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([client, clock]) => `${client}:${clock}`)
    .join(',');
}
