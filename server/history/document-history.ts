// One document's derived history, held by the history thread: the deriver replaying its record, and
// the feed's entries, both extended as new updates are recorded.

import type { ActivityEntry, ActivityFilter, ActivityPage, PastState } from '../../shared/model/activity/activity-entry.js';
import { toldBySource } from '../../shared/model/activity/told-by-source.js';
import { type DerivedChange, HistoryDeriver, type RecordedUpdate, stateAsOf } from '../../shared/model/history/derive-history.js';
import { type AnnotationDifference, diffStates } from '../../shared/model/history/diff-states.js';

/** Changes between checkpoints: the state 20,000 changes past one takes ~230 ms (docs/history.md). */
const CHECKPOINT_EVERY = 20_000;

function entriesOf(change: Pick<DerivedChange, 'recordId' | 'at' | 'author' | 'source' | 'lines'>): ActivityEntry[] {
  return toldBySource(change.lines, change.source).map((line) => ({
    changeId: change.recordId,
    at: change.at,
    person: change.author,
    via: change.source,
    kind: line.kind,
    annotationId: line.annotationId,
    text: line.text,
  }));
}

function matches(entry: ActivityEntry, filter: ActivityFilter): boolean {
  return (
    (filter.person === undefined || entry.person?.id === filter.person) &&
    (filter.kind === undefined || entry.kind === filter.kind) &&
    (filter.annotationId === undefined || entry.annotationId === filter.annotationId)
  );
}

export class DocumentHistory {
  private readonly deriver: HistoryDeriver;
  /** Each change's lines, oldest change first. */
  private readonly entries: ActivityEntry[][] = [];
  private told = 0;

  /** `base`: the document's first record, the state its history begins with. */
  constructor(base: RecordedUpdate) {
    this.deriver = new HistoryDeriver(base.update, base.at, CHECKPOINT_EVERY, base.id);
    // The state a history begins with reads as what made it: the document's creation, or a condensed day.
    const source = base.source ?? null;
    if (source === 'created' || source === 'condensed')
      this.entries.push(entriesOf({ recordId: base.id, at: base.at, author: base.author, source, lines: [] }));
  }

  get lastRecordId(): number {
    return this.deriver.lastRecordId;
  }

  extend(records: readonly RecordedUpdate[]): void {
    this.deriver.extend(records);
    const changes = this.deriver.changes;
    for (; this.told < changes.length; this.told++) {
      const lines = entriesOf(changes[this.told]!);
      if (lines.length > 0) this.entries.push(lines);
    }
  }

  /**
   * Newest change first (its lines in their order), about `limit` lines from the change before
   * `before`: a change's lines are never split between pages.
   */
  activity(filter: ActivityFilter, before: number | null, limit: number): ActivityPage {
    const out: ActivityEntry[] = [];
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const lines = this.entries[i]!.filter((entry) => matches(entry, filter));
      const changeId = this.entries[i]![0]!.changeId;
      if (lines.length === 0 || (before !== null && changeId >= before)) continue;
      if (out.length >= limit) return { entries: out, next: out.at(-1)!.changeId };
      out.push(...lines);
    }
    return { entries: out, next: null };
  }

  state(at: string): PastState {
    const state = stateAsOf(this.deriver, at);
    return {
      at,
      text: state.text,
      annotations: [...state.annotations.values()].sort((a, b) => a.start - b.start || a.end - b.end),
      labels: [...state.labels.values()],
    };
  }

  diff(from: string, to: string): AnnotationDifference[] {
    return diffStates(stateAsOf(this.deriver, from), stateAsOf(this.deriver, to));
  }

  destroy(): void {
    this.deriver.destroy();
  }
}
