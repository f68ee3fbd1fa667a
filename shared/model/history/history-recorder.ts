// Watches a document and turns each transaction into its effect on the document's history state
// (history-state.ts): the text's splices, the annotations and labels whose content changed (read
// as views after the change), and the exact ranges, read from Yjs, of the annotations a splice
// touched. Every other annotation moves with the splices as plain offsets do, which is exact for
// them: the splice lies wholly before or after every character their anchors name.

import type * as Y from 'yjs';
import { type ChangeSummary, watchChanges } from '../activity/change-summary.js';
import { SourcePositions, resolveAnchor } from '../anchors.js';
import { readLabels } from '../labels.js';
import { annotationsMap, sourceText } from '../layout.js';
import { readAnnotation } from '../read-annotations.js';
import type { HistoryEffect } from './history-state.js';
import { RangeIndex } from './range-index.js';
import { type Range, type TextSplice, splicesOf } from './text-splices.js';

export interface RecordedChange {
  summary: ChangeSummary;
  effect: HistoryEffect;
  transaction: Y.Transaction;
}

/** Starts recording `doc`; `onChange` gets each change. Returns the function that stops it. */
export function recordHistory(doc: Y.Doc, onChange: (change: RecordedChange) => void): () => void {
  /** Every annotation's range as the history state has it: what the splices are checked against. */
  const ranges = new RangeIndex();
  const readRange = (id: string, positions?: SourcePositions): Range | null => {
    const map = annotationsMap(doc).get(id);
    const start = map?.get('start');
    const end = map?.get('end');
    return start instanceof Uint8Array && end instanceof Uint8Array ? resolveAnchor(doc, { start, end }, positions) : null;
  };
  const everyRange = new SourcePositions(doc);
  annotationsMap(doc).forEach((_, id) => {
    const range = readRange(id, everyRange);
    if (range) ranges.set(id, range);
  });

  let splices: TextSplice[] = [];
  const onText = (event: Y.YTextEvent) => splices.push(...splicesOf(event.delta));
  const text = sourceText(doc);
  text.observe(onText);

  const stop = watchChanges(doc, (summary, transaction) => {
    const effect: HistoryEffect = { text: splices, annotations: {}, ranges: {}, labels: {} };
    splices = [];
    // Taken out of the index when a splice touches them: the splices after it are not checked against them.
    const touched = new Set<string>();
    for (const splice of effect.text) for (const id of ranges.splice(splice)) touched.add(id);
    const positions = new SourcePositions(doc);
    for (const id of summary.annotations.keys()) {
      const map = annotationsMap(doc).get(id);
      const view = map ? readAnnotation(doc, map, id) : null;
      effect.annotations[id] = view;
      if (view) ranges.set(id, { start: view.start, end: view.end });
      else ranges.delete(id);
    }
    for (const id of touched) {
      if (id in effect.annotations) continue;
      const range = readRange(id, positions);
      if (range) {
        effect.ranges[id] = range;
        ranges.set(id, range);
      }
    }
    const changedLabels = [...summary.labels.created, ...summary.labels.edited, ...summary.labels.removed];
    if (changedLabels.length) {
      const labels = new Map(readLabels(doc).map((l) => [l.id, l]));
      for (const id of changedLabels) effect.labels[id] = labels.get(id) ?? null;
    }
    onChange({ summary, effect, transaction });
  });
  return () => {
    stop();
    text.unobserve(onText);
  };
}
