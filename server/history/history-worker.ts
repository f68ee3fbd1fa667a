// The history thread: replaying a document's record (a Y.Doc, the recorder, the activity lines) takes
// about a millisecond a change, and the state as of a moment a few hundred milliseconds for a large
// document: on the main thread that would hold up every edit relayed meanwhile. It keeps the derivers
// of the documents the main thread says (history-service.ts decides which).

import { parentPort } from 'node:worker_threads';
import { diffStates } from '../../shared/model/history/diff-states.js';
import { runInBackground } from '../background-thread.js';
import { DocumentDeriver } from './document-deriver.js';
import type { HistoryMessage, HistoryReply, HistoryRequest, HistoryValue } from './history-protocol.js';
import { pastStateOf, stateOfMoment } from './stored-moment.js';

runInBackground();
const derivers = new Map<string, DocumentDeriver>();

function forget(documentId: string): void {
  derivers.get(documentId)?.destroy();
  derivers.delete(documentId);
}

function answer(request: HistoryRequest): HistoryValue {
  switch (request.type) {
    case 'derive': {
      const { documentId, from } = request;
      let records = request.records;
      if (from.kind !== 'held') forget(documentId);
      let deriver = derivers.get(documentId);
      if (!deriver) {
        if (from.kind === 'held') throw new Error(`the history thread holds no deriver of ${documentId}`);
        if (from.kind === 'start') {
          const [base, ...rest] = records;
          if (!base) throw new Error('a history begins with a record');
          deriver = new DocumentDeriver({ base });
          records = rest;
        } else deriver = new DocumentDeriver(from);
        derivers.set(documentId, deriver);
      }
      return deriver.derive(records);
    }
    case 'forget':
      forget(request.documentId);
      return null;
    case 'state':
      return pastStateOf(request.moment);
    case 'diff':
      return diffStates(stateOfMoment(request.from), stateOfMoment(request.to));
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
