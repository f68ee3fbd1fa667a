// One document's record replayed in the history thread, going on from where it stopped: each run of
// new records becomes the rows the store keeps (docs/history.md): the feed's lines, checkpoints of the
// state and the changes' effects, the last two as deflated JSON.

import { deflateSync } from 'node:zlib';
import * as Y from 'yjs';
import type { ActivityEntry } from '../../shared/model/activity/activity-entry.js';
import { toldBySource } from '../../shared/model/activity/told-by-source.js';
import { textEditedLine } from '../../shared/model/activity/describe-change.js';
import { type DerivedChange, HistoryDeriver, type RecordedUpdate } from '../../shared/model/history/derive-history.js';
import type { AnnotationView, Label } from '../../shared/model/types.js';
import type { DerivedOutput } from './history-protocol.js';

/** Changes between checkpoints: the state 20,000 changes past one takes ~230 ms (docs/history.md). */
const CHECKPOINT_EVERY = 20_000;
/** Text edits by one person this close together read as one line, as document histories show typing. */
const TYPING_RUN_MS = 5 * 60 * 1000;

type Entry = ActivityEntry & { seq: number };

/** The line the last run of typing is told in: edits by the same person, none of anything else between. */
interface TypingRun {
  entry: Entry;
  inserted: number;
  deleted: number;
}

/** A change's effect as stored in an effects chunk. */
export interface StoredEffect {
  id: number;
  at: string;
  effect: DerivedChange['effect'];
}

/** A checkpoint's state as stored. */
export interface StoredState {
  text: string;
  annotations: AnnotationView[];
  labels: Label[];
}

const deflateJson = (value: unknown) => deflateSync(JSON.stringify(value));

function entriesOf(change: Pick<DerivedChange, 'recordId' | 'at' | 'author' | 'source' | 'lines'>): (ActivityEntry & { seq: number })[] {
  return toldBySource(change.lines, change.source).map((line, seq) => ({
    changeId: change.recordId,
    at: change.at,
    person: change.author,
    via: change.source,
    kind: line.kind,
    annotationId: line.annotationId,
    text: line.text,
    seq,
  }));
}

export class DocumentDeriver {
  private readonly deriver: HistoryDeriver;
  /** Lines of the base (its creation, or a condensed day), told with the first run. */
  private baseEntries: Entry[] = [];
  /** Null after a restart: typing then starts a line of its own. */
  private typing: TypingRun | null = null;

  /** From the first record (`base`), or going on from a stored derivation through `prefix`'s last row. */
  constructor(start: { base: RecordedUpdate } | { prefix: Uint8Array[]; throughRowId: number; at: string; sinceCheckpoint: number }) {
    if ('base' in start) {
      const { base } = start;
      this.deriver = new HistoryDeriver(base.update, base.at, CHECKPOINT_EVERY, base.id);
      const source = base.source ?? null;
      if (source === 'created' || source === 'condensed')
        this.baseEntries = entriesOf({ recordId: base.id, at: base.at, author: base.author, source, lines: [] });
    } else {
      this.deriver = new HistoryDeriver(Y.mergeUpdates(start.prefix), start.at, CHECKPOINT_EVERY, start.throughRowId, {
        sinceCheckpoint: start.sinceCheckpoint,
      });
    }
  }

  get throughRowId(): number {
    return this.deriver.lastRecordId;
  }

  derive(records: readonly RecordedUpdate[]): DerivedOutput {
    this.deriver.extend(records);
    const { changes, checkpoints } = this.deriver.take();
    const entries = this.baseEntries;
    this.baseEntries = [];
    let replacesChange: number | null = null;
    for (const change of changes) {
      const lines = entriesOf(change);
      if (lines.length !== 1 || lines[0]!.kind !== 'edited-text') {
        this.typing = null;
        entries.push(...lines);
        continue;
      }
      const inserted = change.effect.text.reduce((n, s) => n + s.insert.length, 0);
      const deleted = change.effect.text.reduce((n, s) => n + s.delete, 0);
      const run = this.typing;
      const line = lines[0]!;
      if (run && run.entry.person?.id === line.person?.id && run.entry.via === line.via && Date.parse(line.at) - Date.parse(run.entry.at) <= TYPING_RUN_MS) {
        // The run's line so far is the last one told: in this output, or stored by an earlier one.
        if (entries.at(-1) === run.entry) entries.pop();
        else replacesChange = run.entry.changeId;
        this.typing = {
          inserted: run.inserted + inserted,
          deleted: run.deleted + deleted,
          entry: { ...line, text: textEditedLine(run.inserted + inserted, run.deleted + deleted) },
        };
      } else this.typing = { inserted, deleted, entry: line };
      entries.push(this.typing.entry);
    }
    const effects =
      changes.length === 0
        ? []
        : [
            {
              firstChangeId: changes[0]!.recordId,
              lastChangeId: changes.at(-1)!.recordId,
              firstAt: changes[0]!.at,
              lastAt: changes.at(-1)!.at,
              data: deflateJson(changes.map((c): StoredEffect => ({ id: c.recordId, at: c.at, effect: c.effect }))),
            },
          ];
    return {
      throughRowId: this.deriver.lastRecordId,
      sinceCheckpoint: this.deriver.sinceCheckpoint,
      replacesChange,
      entries,
      checkpoints: checkpoints.map((c) => ({
        afterChangeId: c.afterRecord,
        at: c.at,
        state: deflateJson({ text: c.state.text, annotations: [...c.state.annotations.values()], labels: [...c.state.labels.values()] } satisfies StoredState),
      })),
      effects,
    };
  }

  destroy(): void {
    this.deriver.destroy();
  }
}
