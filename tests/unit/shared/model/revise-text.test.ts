// A new version of the text applied as edits: the text becomes exactly the new one, every highlight
// whose characters were all left alone covers exactly them, and each highlight's health says what
// happened to it (intact, edited, detached), over random revisions of random texts.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { anchorHealth, healthCounts } from '../../../../shared/model/anchor-health.js';
import { sourceText } from '../../../../shared/model/layout.js';
import { readAnnotations } from '../../../../shared/model/read-annotations.js';
import { applyTextEdits, reviseText, textEdits } from '../../../../shared/model/revise-text.js';
import { run, sourceDoc } from '../../../support/model-docs.js';

// Lines, spaces, an astral character and a combining mark: the line diff, the character diff and
// UTF-16 offsets all get exercised.
const piece = fc.constantFrom('a', 'b', 'c', ' ', '\n', 'the ', 'report\n', '😀', 'e\u0301');
const textArb = fc.array(piece, { minLength: 1, maxLength: 60 }).map((pieces) => pieces.join(''));

/** Offsets that do not split a surrogate pair. */
function boundaries(text: string): number[] {
  const out = [0];
  for (const ch of text) out.push(out.at(-1)! + ch.length);
  return out;
}

/** A revision of `text`: pieces deleted, inserted or replaced at random code-point boundaries. */
const revisionArb = (text: string) =>
  fc
    .array(fc.record({ from: fc.nat(), length: fc.nat({ max: 8 }), insert: fc.array(piece, { maxLength: 4 }).map((p) => p.join('')) }), { maxLength: 6 })
    .map((changes) => {
      let after = [...text];
      for (const { from, length, insert } of changes) {
        const at = from % (after.length + 1);
        after = [...after.slice(0, at), ...insert, ...after.slice(at + length)];
      }
      return after.join('');
    });

const caseArb = textArb.chain((text) => {
  const bounds = boundaries(text);
  const range = fc
    .tuple(fc.nat({ max: bounds.length - 1 }), fc.nat({ max: bounds.length - 1 }))
    .filter(([a, b]) => a !== b)
    .map(([a, b]) => ({ start: bounds[Math.min(a, b)]!, end: bounds[Math.max(a, b)]! }));
  return fc.record({ text: fc.constant(text), after: revisionArb(text), ranges: fc.array(range, { maxLength: 5 }) });
});

describe('revising the text', () => {
  it('turns the text into the new version exactly, with edits that never split a character', () => {
    fc.assert(
      fc.property(caseArb, ({ text, after }) => {
        const doc = new Y.Doc();
        const source = doc.getText('source');
        source.insert(0, text);
        applyTextEdits(source, textEdits(text, after));
        expect(source.toString()).toBe(after);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps every highlight whose characters were left alone exactly on them, and says how each one fared', () => {
    fc.assert(
      fc.property(caseArb, ({ text, after, ranges }) => {
        const doc = sourceDoc(text);
        ranges.forEach((range, i) => run(doc, { type: 'annotation.create', id: `a${i}`, ...range }));
        const edits = textEdits(text, after);
        reviseText(doc, after);
        expect(sourceText(doc).toString()).toBe(after);

        // Where each character of the old text is now (-1: deleted), from the edits applied.
        const removed = new Set<number>();
        for (const edit of edits) for (let i = edit.at; i < edit.at + edit.remove; i++) removed.add(i);
        const newOffset: number[] = [];
        let shift = 0;
        let e = 0;
        for (let i = 0; i <= text.length; i++) {
          while (e < edits.length && edits[e]!.at + edits[e]!.remove === i) shift += edits[e]!.insert.length - edits[e++]!.remove;
          newOffset.push(removed.has(i) ? -1 : i + shift);
        }
        const views = new Map(readAnnotations(doc).map((view) => [view.id, view]));
        ranges.forEach(({ start, end }, i) => {
          const view = views.get(`a${i}`)!;
          const health = anchorHealth(view, after);
          let kept = 0;
          for (let c = start; c < end; c++) if (!removed.has(c)) kept += 1;
          const insertedInside = edits.some((edit) => edit.insert && edit.at + edit.remove > start && edit.at + edit.remove < end);
          if (kept === end - start && !insertedInside) {
            // Untouched: exactly on its characters, where they are now.
            expect({ start: view.start, end: view.end, health }).toEqual({ start: newOffset[start], end: newOffset[end - 1]! + 1, health: 'intact' });
          } else if (kept === 0) {
            expect(health).toBe('detached');
          } else {
            // Partly changed: still on what is left of it, and marked as changed unless the text it covers reads the same.
            expect(view.detached).toBe(false);
            expect(health).toBe(after.slice(view.start, view.end) === view.quote ? 'intact' : 'edited');
            expect(health).not.toBe('detached');
          }
        });
        const counts = healthCounts(doc);
        expect(counts.intact + counts.edited + counts.detached).toBe(ranges.length);
      }),
      { numRuns: 300 },
    );
  });

  it('gives one edit per changed place in a long text, and replaces a text with nothing in common whole', () => {
    const lines = Array.from({ length: 2_000 }, (_, i) => `Line ${i} of the report.\n`);
    const before = lines.join('');
    const revised = [...lines];
    revised[10] = 'Line 10 of the revised report.\n';
    revised.splice(500, 1);
    revised.splice(1500, 0, 'A new line.\n');
    const edits = textEdits(before, revised.join(''));
    expect(edits).toEqual([
      { at: before.indexOf('Line 10 ') + 'Line 10 of the '.length, remove: 0, insert: 'revised ' },
      { at: before.indexOf('Line 500 '), remove: lines[500]!.length, insert: '' },
      { at: before.indexOf('Line 1501 '), remove: 0, insert: 'A new line.\n' },
    ]);
    expect(textEdits('abc', 'abc')).toEqual([]);
  });

  it('keeps a highlight on a word when the word next to it changes, and on the letters a changed word kept', () => {
    const doc = sourceDoc('The committee met in Almaty.\nThe cat sat.\n');
    run(doc, { type: 'annotation.create', id: 'place', start: 21, end: 27 });
    run(doc, { type: 'annotation.create', id: 'cat', start: 33, end: 36 });
    reviseText(doc, 'The committee met in sunny Almaty.\nThe cats sat.\n');
    const views = readAnnotations(doc);
    expect(views.map((view) => [view.id, view.quote, anchorHealth(view, sourceText(doc).toString())])).toEqual([
      ['place', 'Almaty', 'intact'],
      ['cat', 'cat', 'intact'],
    ]);
  });
});
