// The history thread: replaying a document's record (a Y.Doc, the recorder, the activity lines) takes
// about a millisecond a change, which on the main thread would hold up every edit relayed meanwhile.
// It keeps the histories the main thread asks it to (history-service.ts decides which).

import { parentPort } from 'node:worker_threads';
import { runInBackground } from '../background-thread.js';
import { DocumentHistory } from './document-history.js';
import type { HistoryMessage, HistoryReply, HistoryRequest, HistoryValue } from './history-protocol.js';

runInBackground();
const histories = new Map<string, DocumentHistory>();

function held(documentId: string): DocumentHistory {
  const history = histories.get(documentId);
  if (!history) throw new Error(`the history thread holds no history of ${documentId}`);
  return history;
}

function answer(request: HistoryRequest): HistoryValue {
  switch (request.type) {
    case 'extend': {
      if (request.fresh) {
        histories.get(request.documentId)?.destroy();
        histories.delete(request.documentId);
      }
      let history = histories.get(request.documentId);
      let records = request.records;
      if (!history) {
        const [base, ...rest] = records;
        if (!base) throw new Error('a history begins with a record');
        histories.set(request.documentId, (history = new DocumentHistory(base)));
        records = rest;
      }
      history.extend(records);
      return { lastRecordId: history.lastRecordId };
    }
    case 'forget':
      histories.get(request.documentId)?.destroy();
      histories.delete(request.documentId);
      return null;
    case 'activity':
      return held(request.documentId).activity(request.filter, request.before, request.limit);
    case 'state':
      return held(request.documentId).state(request.at);
    case 'diff':
      return held(request.documentId).diff(request.from, request.to);
  }
}

parentPort!.on('message', ({ id, request }: HistoryMessage) => {
  let reply: HistoryReply;
  try {
    reply = { id, answer: { ok: true, value: answer(request) } };
  } catch (error) {
    reply = { id, answer: { ok: false, message: error instanceof Error ? error.message : String(error) } };
  }
  parentPort!.postMessage(reply);
});
