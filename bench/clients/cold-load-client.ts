// Load process for workload D: fills a document with annotations and comments, and later, after
// the server restarts, times a fresh client until its provider is synced AND it has everything.

import * as Y from 'yjs';
import type { Protocol } from '../servers/types.js';
import { monoMs, withTimeout } from '../stats.js';
import { connectClient } from './adapters.js';
import { addComment, annotationsOf, countContent, makeAnnotation } from './annotations.js';
import { syncAndSeed } from './connect.js';
import { serveRpc } from './rpc.js';

interface Expect {
  annotations: number;
  comments: number;
}

function isComplete(doc: Y.Doc, expect: Expect): boolean {
  if (annotationsOf(doc).size < expect.annotations) return false;
  const counts = countContent(doc);
  return counts.annotations >= expect.annotations && counts.comments >= expect.comments;
}

/** Resolves with the time the document first holds everything expected. */
function whenComplete(doc: Y.Doc, expect: Expect): Promise<number> {
  return new Promise((resolve) => {
    const check = () => {
      if (!isComplete(doc, expect)) return;
      doc.off('afterTransaction', check);
      resolve(monoMs());
    };
    doc.on('afterTransaction', check);
    check();
  });
}

let loaded: { destroy(): void } | null = null;

serveRpc({
  async leave() {
    loaded?.destroy();
    loaded = null;
    return {};
  },

  async populate(args: { protocol: Protocol; url: string; room: string; expect: Expect; batch: number; seedText?: string }) {
    const writer = connectClient(args.protocol, args.url, args.room);
    await syncAndSeed(writer, args.seedText, 30_000);
    const { annotations, comments } = args.expect;
    const every = Math.max(1, Math.floor(annotations / Math.max(1, comments)));
    let written = 0;
    const t0 = monoMs();
    for (let start = 0; start < annotations; start += args.batch) {
      writer.doc.transact(() => {
        const map = annotationsOf(writer.doc);
        for (let i = start; i < Math.min(annotations, start + args.batch); i++) {
          const entry = makeAnnotation(`a${i}`, i, i % 7);
          map.set(`a${i}`, entry);
          if (i % every === 0 && written < comments) {
            addComment(entry, `c${written}`, (i + 1) % 7);
            written++;
          }
        }
      });
      // Let the socket drain between batches, as an editing session would.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    // A second client confirms the server holds everything before the harness restarts it.
    const checker = connectClient(args.protocol, args.url, args.room);
    await withTimeout(Promise.all([checker.synced, whenComplete(checker.doc, args.expect)]), 120_000, 'the server to hold the full document');
    const bytes = Y.encodeStateAsUpdate(checker.doc).byteLength;
    const writeMs = monoMs() - t0;
    checker.destroy();
    writer.destroy();
    return { bytes, writeMs, comments: written };
  },

  async load(args: { protocol: Protocol; url: string; room: string; expect: Expect; timeoutMs: number }) {
    const doc = new Y.Doc();
    const t0 = monoMs();
    const complete = whenComplete(doc, args.expect);
    const client = connectClient(args.protocol, args.url, args.room, doc);
    const syncedAt = await withTimeout(client.synced, args.timeoutMs, 'provider to report synced');
    const atSync = countContent(doc);
    const completeAt = await withTimeout(complete, args.timeoutMs, 'the full content after a cold start');
    // Stays connected until `leave`: the server's memory is read while it holds the document for
    // someone (a server that unloads on the last disconnect would otherwise look smaller).
    loaded = client;
    const state = Y.encodeStateAsUpdate(doc);
    const applyStart = monoMs();
    Y.applyUpdate(new Y.Doc(), state);
    const applyOnlyMs = monoMs() - applyStart;
    const deliveredAt = client.largestFrameAt();
    const openedAt = client.openedAt();
    return {
      applyOnlyMs,
      openedMs: openedAt === null ? null : openedAt - t0,
      deliveredMs: deliveredAt === null ? null : deliveredAt - t0,
      syncedMs: syncedAt - t0,
      completeMs: completeAt - t0,
      readyMs: Math.max(syncedAt, completeAt) - t0,
      syncedBeforeComplete: syncedAt < completeAt,
      atSync,
    };
  },
});
