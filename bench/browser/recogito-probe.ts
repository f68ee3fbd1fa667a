// In-page steps for @recogito/text-annotator (run in Chromium through page.evaluate). Its default
// renderer draws in a requestAnimationFrame after a 10 ms debounce, then emits "onRedraw" from a
// task queued after that frame: the moment the change is painted.

import type { Span } from './layout.js';

export type RecogitoStep = { op: 'create' } | { op: 'set'; spans: Span[] } | { op: 'add'; id: string; span: Span } | { op: 'remove'; id: string };

export interface RecogitoTiming {
  startedAt: number;
  /** The call returned (its synchronous work is done). */
  returnedAt: number;
  /** The renderer's onRedraw after the call: the frame showing the change is painted. */
  paintedAt: number;
  /** Highlight spans drawn (only those near the viewport are). */
  drawn: number;
}

interface RecogitoAnnotator {
  setAnnotations(annotations: unknown[]): void;
  addAnnotation(annotation: unknown): void;
  removeAnnotation(id: string): void;
  renderer: { on(event: 'onRedraw', callback: () => void): () => void };
}

/** Passed to page.evaluate. */
export async function recogitoStep(step: RecogitoStep & { timeoutMs: number }): Promise<RecogitoTiming> {
  const w = window as unknown as { RecogitoJS: { createTextAnnotator(el: HTMLElement): RecogitoAnnotator }; __anno?: RecogitoAnnotator };
  const pre = document.getElementById('text')!;
  const text = pre.textContent ?? '';
  const annotation = (id: string, span: Span) => ({
    id,
    bodies: [],
    target: { annotation: id, selector: [{ quote: text.slice(span.start, span.end), start: span.start, end: span.end }] },
  });
  if (step.op === 'create') {
    const startedAt = performance.now();
    w.__anno = w.RecogitoJS.createTextAnnotator(pre);
    const returnedAt = performance.now();
    // Let its first (empty) redraw pass, so that it is not mistaken for the next one.
    await new Promise((resolve) => setTimeout(resolve, 300));
    return { startedAt, returnedAt, paintedAt: returnedAt, drawn: 0 };
  }
  const anno = w.__anno!;
  const list = step.op === 'set' ? step.spans.map((span, i) => annotation(`a${i}`, span)) : [];
  const painted = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no redraw within ${step.timeoutMs} ms after ${step.op}`)), step.timeoutMs);
    const off = anno.renderer.on('onRedraw', () => {
      clearTimeout(timer);
      off();
      resolve(performance.now());
    });
  });
  const startedAt = performance.now();
  if (step.op === 'set') anno.setAnnotations(list);
  else if (step.op === 'add') anno.addAnnotation(annotation(step.id, step.span));
  else anno.removeAnnotation(step.id);
  const returnedAt = performance.now();
  const paintedAt = await painted;
  return { startedAt, returnedAt, paintedAt, drawn: document.querySelectorAll('.r6o-annotation').length };
}
