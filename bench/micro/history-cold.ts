// Issue 27's targets on its document (history-case.ts: the 1.1 MB text, 10,000 annotation changes and
// 100,000 text edits), stored in SQLite as the server stores it: each update a row with who made it,
// compacted at the end. Then:
// - deriving the whole history (what the history thread does once, as changes are recorded);
// - the storage: the record and what is derived from it, against the document's compacted state;
// - cold reads on a store opened afresh (nothing in memory): the feed's first page, and the state as of
//   moments spread over the history, each from a checkpoint and the effects after it.
//   npx tsx bench/micro/history-cold.ts [moments=12] [store.db kept from an earlier run: skips building it]

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import * as Y from 'yjs';
import { HistoryService } from '../../server/history/history-service.js';
import { SqliteStore } from '../../server/storage/sqlite/sqlite-store.js';
import { median } from '../stats.js';
import { historyCase } from './history-case.js';

const moments = Number(process.argv[2] ?? 12);
const log = pino({ level: 'silent' });
const kept = process.argv[3];
const dir = kept ? null : mkdtempSync(join(tmpdir(), 'glossa-history-cold-'));
const path = kept ?? join(dir!, 'store.db');
// The history thread is unref'd (a server has other handles): here nothing else keeps the process alive.
const alive = setInterval(() => {}, 1 << 30);
const ms = (t: number) => Math.round(performance.now() - t);

const { base, annotationUpdates, textUpdates, doc } = historyCase();
const ana = { id: 'u-ana', name: 'Ana' };
const ben = { id: 'u-ben', name: 'Ben' };
if (!kept || !existsSync(kept)) {
  const store = new SqliteStore(path);
  await store.createDocument({ id: 'd', title: 'history', sourceBytes: base.length, state: base, author: ana });
  let t = performance.now();
  for (const update of annotationUpdates) await store.appendUpdate('d', update, null, { author: ana, source: 'command' });
  let last = 0;
  for (const update of textUpdates) last = await store.appendUpdate('d', update, null, { author: ben, source: null });
  console.log(`stored ${annotationUpdates.length + textUpdates.length} updates in ${ms(t)} ms`);
  await store.compact('d', Y.encodeStateAsUpdate(doc), last, Y.encodeStateVector(doc));

  const history = new HistoryService(store, true, log);
  t = performance.now();
  await history.activity('d', {}, null, 1);
  console.log(`derived the whole history in ${ms(t)} ms`);
  await history.close();
  await store.close();
}

// Storage, from the file: bytes of each table's payload for the document.
const db = new Database(path, { readonly: true });
const sum = (sql: string) => (db.prepare(sql).get() as { n: number | null }).n ?? 0;
const state = Y.encodeStateAsUpdate(doc).length;
const record = sum(`select sum(length(data)) as n from document_updates where document_id = 'd'`);
const checkpoints = sum(`select sum(length(state)) as n from document_history_checkpoints where document_id = 'd'`);
const effects = sum(`select sum(length(data)) as n from document_history_effects where document_id = 'd'`);
const activity = sum(
  `select sum(length(text) + length(coalesce(person_name, '')) + length(coalesce(person_id, '')) + length(kind) + 40) as n from document_activity where document_id = 'd'`,
);
const counts = db.prepare(`select (select count(*) from document_history_checkpoints) as checkpoints, (select count(*) from document_activity) as lines`).get();
db.close();
const history = record + checkpoints + effects + activity;
console.log(JSON.stringify({ compactedState: state, record, checkpoints, effects, activity, counts, historyOverState: +(history / state).toFixed(2) }));

// Cold: a store and a history service opened afresh, as after a restart.
const store = new SqliteStore(path);
const cold = new HistoryService(store, true, log);
const all = (await store.history.record('d'))!;
const first = all[1]!.at.getTime();
const span = all.at(-1)!.at.getTime() - first;
let t = performance.now();
const page = await cold.activity('d', {}, null, 50);
console.log(`feed's first page (${page!.entries.length} lines), cold: ${ms(t)} ms`);
const times: number[] = [];
for (let i = 0; i < moments; i++) {
  const at = new Date(first + (span * (i + 0.5)) / moments).toISOString();
  t = performance.now();
  const past = await cold.stateAt('d', at);
  times.push(performance.now() - t);
  if (i === 0) console.log(`  (the first also starts the history thread: ${Math.round(times[0]!)} ms, ${past!.annotations.length} annotations)`);
}
console.log(
  `state as of a moment, cold from the store: median ${Math.round(median(times.slice(1)))} ms, max ${Math.round(Math.max(...times.slice(1)))} ms over ${moments - 1} moments`,
);
t = performance.now();
await cold.activity('d', {}, null, 50);
console.log(`feed's first page again: ${ms(t)} ms`);
await cold.close();
await store.close();
if (dir) rmSync(dir, { recursive: true, force: true });
clearInterval(alive);
