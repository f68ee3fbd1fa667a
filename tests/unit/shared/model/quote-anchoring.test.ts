// Where a quote made on one version of a text belongs in another: the cases the fixtures do not
// reach (a passage moved far, a quote with no position, a short quote whose context is gone).

import { describe, expect, it } from 'vitest';
import { QuoteAnchorer } from '../../../../shared/model/import/quote-anchoring.js';
import { textContext } from '../../../../shared/model/text-context.js';

const filler = (n: number) => Array.from({ length: n }, (_, i) => `Paragraph ${i} says nothing of note about the weather in spring.`).join('\n');
const passage = 'The convoy crossed the river at Khorgos before dawn on Tuesday.';

function quoteIn(text: string, exact: string) {
  const start = text.indexOf(exact);
  const { prefix, suffix } = textContext(text, start, start + exact.length);
  return { quote: { exact, prefix, suffix }, position: { start, end: start + exact.length } };
}

describe('QuoteAnchorer', () => {
  it('finds a passage moved far away (past its nearby search) with a word changed in it, approximately', () => {
    const before = `${passage}\n${filler(200)}\nThe end.`;
    const after = `${filler(200)}\n${passage.replace('before dawn', 'after dusk')}\nThe end.`;
    const exact = 'crossed the river at Khorgos before dawn';
    const found = new QuoteAnchorer(after).anchor(quoteIn(before, exact));
    expect(found.by).toBe('fuzzy');
    expect(after.slice(found.start, found.end)).toMatch(/^crossed the river at Khorgos after d/);
  });

  it('finds a quote that comes with no position, exactly or approximately, anywhere in the text', () => {
    const text = `${filler(100)}\n${passage}\n${filler(100)}`;
    const exactly = new QuoteAnchorer(text).anchor({ quote: { exact: 'at Khorgos before dawn', prefix: '', suffix: '' }, position: null });
    expect(exactly).toEqual({ by: 'quote', start: text.indexOf('at Khorgos'), end: text.indexOf('at Khorgos') + 'at Khorgos before dawn'.length });
    const roughly = new QuoteAnchorer(text).anchor({ quote: { exact: 'the convoy crossed a river at Khorgos', prefix: '', suffix: '' }, position: null });
    expect(roughly.by).toBe('fuzzy');
    expect(text.slice(roughly.start, roughly.end)).toContain('crossed the river at Khorgos');
  });

  it('leaves detached, at its old place, a quote whose words and context were all rewritten', () => {
    const before = `${filler(20)}\n${passage}\n${filler(20)}`;
    const after = `${filler(20)}\nNothing is known of any convoy.\n${filler(20)}`.replace(/Paragraph 2[01] says/g, 'Section says');
    const found = new QuoteAnchorer(after).anchor(quoteIn(before, 'crossed the river at Khorgos before dawn'));
    expect(found.by).toBe('detached');
    expect(found.start).toBe(found.end);
  });

  it('does not put a short quote on another occurrence whose context disagrees', () => {
    const before = 'Witnesses: Amir, Dana. The river was high.';
    const after = 'Witnesses were not named. Later, Dana left. The river was high.';
    const found = new QuoteAnchorer(after).anchor(quoteIn(before, 'Amir'));
    expect(found.by).toBe('detached');
  });
});
