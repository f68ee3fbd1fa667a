// The document as of a moment, from a stored checkpoint and the effects after it (state-at.ts): JSON
// and string splices, no Y.Doc. Runs in the history thread.

import { inflateSync } from 'node:zlib';
import type { PastState } from '../../shared/model/activity/activity-entry.js';
import type { HistoryState } from '../../shared/model/history/history-state.js';
import { stateAt } from '../../shared/model/history/state-at.js';
import type { StoredEffect, StoredState } from './document-deriver.js';
import type { StoredMoment } from './history-protocol.js';

const inflateJson = <T>(bytes: Uint8Array): T => JSON.parse(inflateSync(bytes).toString('utf8')) as T;

export function stateOfMoment(moment: StoredMoment): HistoryState {
  const checkpoint = inflateJson<StoredState>(moment.checkpoint);
  const state: HistoryState = {
    text: checkpoint.text,
    annotations: new Map(checkpoint.annotations.map((a) => [a.id, a])),
    labels: new Map(checkpoint.labels.map((l) => [l.id, l])),
  };
  const effects = moment.effects
    .flatMap((chunk) => inflateJson<StoredEffect[]>(chunk))
    .filter((e) => e.id > moment.afterChangeId && e.at <= moment.at)
    .map((e) => e.effect);
  return stateAt(state, effects);
}

export function pastStateOf(moment: StoredMoment): PastState {
  const state = stateOfMoment(moment);
  return {
    at: moment.at,
    text: state.text,
    annotations: [...state.annotations.values()].sort((a, b) => a.start - b.start || a.end - b.end),
    labels: [...state.labels.values()],
  };
}
