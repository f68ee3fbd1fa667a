// Glossa as users run it (`npm start`): the server compiled to dist/node, default SQLite store,
// durable log on, open mode (no token), default limits.

import { join } from 'node:path';
import { spawnServer } from './child.js';
import { compiledGlossaAt, compiledGlossaEntry } from './compiled-glossa.js';
import type { RunningServer, ServerSpec, StartContext } from './types.js';

const ROOM_IDLE_MS = 5_000; // the server's default; the harness does not change it

async function createDocuments(baseUrl: string, count: number, text: string): Promise<string[]> {
  const ids: string[] = [];
  const concurrency = 8;
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const response = await fetch(`${baseUrl}/api/documents`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title: `bench ${index}`, text }),
      });
      if (response.status !== 201) throw new Error(`POST /api/documents: ${response.status} ${await response.text()}`);
      ids[index] = ((await response.json()) as { id: string }).id;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return ids;
}

/** Glossa compiled by `entry`, with `settings` added to its environment (none: as users run it). */
function glossaSpec(id: string, label: string, settings: Record<string, string>, entry: () => string = compiledGlossaEntry): ServerSpec {
  return {
    id,
    label,
    protocol: 'y-websocket',
    persistent: true,
    yjs: true,
    seedsText: false,
    unloadAfterMs: ROOM_IDLE_MS,
    async start(ctx: StartContext): Promise<RunningServer> {
      const profile = ctx.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${ctx.profileDir}`] : [];
      const child = await spawnServer({
        nodeArgs: profile,
        script: entry(),
        env: {
          HOST: '127.0.0.1',
          PORT: '0',
          DATABASE_URL: join(ctx.dataDir, 'glossa.db'),
          LOG_LEVEL: 'silent',
          SEED_SAMPLE: 'false',
          ...settings,
        },
        ready: /Glossa is listening on (http:\/\/127\.0\.0\.1:\d+)/,
      });
      const baseUrl = child.ready[1]!;
      return {
        pid: child.pid,
        providerUrl: `${baseUrl.replace(/^http/, 'ws')}/collab`,
        createDocuments: (count, text) => createDocuments(baseUrl, count, text),
        collectGarbage: () => child.collectGarbage(),
        stop: () => child.stop(),
      };
    },
  };
}

export const glossa: ServerSpec = glossaSpec('glossa', 'Glossa (SQLite)', {});

/**
 * Glossa with some settings changed (`--variant NAME=VALUE`), measured beside the one users run in
 * the same interleaved run: on a machine whose speed drifts, the way to tell whether a setting helps.
 */
export function glossaVariant(settings: Record<string, string>): ServerSpec {
  const label = `Glossa, ${Object.entries(settings).map(([name, value]) => `${name}=${value}`).join(' ')}`;
  return glossaSpec('glossa-variant', label, settings);
}

/**
 * Glossa as it was at an earlier commit (`--against REV`), measured beside the work tree's in the
 * same interleaved run: whether a change helps, on a machine whose speed drifts between minutes.
 */
export function glossaAt(rev: string, buildsDir: string): ServerSpec {
  const { commit, entry } = compiledGlossaAt(rev, buildsDir);
  return glossaSpec('glossa-before', `Glossa at ${commit.slice(0, 7)}`, {}, () => entry);
}
