// A document as of a moment, in plain values: its text, its annotations as views and its labels.
// A checkpoint is one of these; each recorded change is an effect (history-recorder.ts) that takes
// the state before it to the state after it with string splices and map writes, so the state as of
// any moment is a checkpoint and the effects since, with no Y.Doc to build.

import type * as Y from 'yjs';
import { readLabels } from '../labels.js';
import { sourceText } from '../layout.js';
import { readAnnotations } from '../read-annotations.js';
import type { AnnotationView, Label } from '../types.js';
import { type Range, type TextSplice, applySplice, shiftRange } from './text-splices.js';

export interface HistoryState {
  text: string;
  annotations: Map<string, AnnotationView>;
  labels: Map<string, Label>;
}

export interface HistoryEffect {
  text: TextSplice[];
  /** Annotations whose content changed, as they are after the change; null: no longer there. */
  annotations: Record<string, AnnotationView | null>;
  /** Where the splices left the other annotations they touched (read from Yjs). */
  ranges: Record<string, Range>;
  labels: Record<string, Label | null>;
}

export function stateOf(doc: Y.Doc): HistoryState {
  return {
    text: sourceText(doc).toString(),
    annotations: new Map(readAnnotations(doc).map((a) => [a.id, a])),
    labels: new Map(readLabels(doc).map((l) => [l.id, l])),
  };
}

/** The view with its range set, and whether it is detached worked out again from it. */
export function withRange(view: AnnotationView, range: Range): AnnotationView {
  return { ...view, start: range.start, end: range.end, detached: range.start === range.end && view.quote.length > 0 };
}

/** Applies `effect` to `state` in place. */
export function applyEffect(state: HistoryState, effect: HistoryEffect): void {
  for (const splice of effect.text) {
    state.text = applySplice(state.text, splice);
    for (const [id, view] of state.annotations) {
      if (id in effect.annotations || id in effect.ranges) continue;
      const moved = shiftRange(view, splice);
      if (moved && moved !== view) state.annotations.set(id, withRange(view, moved));
    }
  }
  for (const [id, range] of Object.entries(effect.ranges)) {
    const view = state.annotations.get(id);
    if (view) state.annotations.set(id, withRange(view, range));
  }
  for (const [id, view] of Object.entries(effect.annotations)) {
    if (view) state.annotations.set(id, view);
    else state.annotations.delete(id);
  }
  for (const [id, label] of Object.entries(effect.labels)) {
    if (label) state.labels.set(id, label);
    else state.labels.delete(id);
  }
}
