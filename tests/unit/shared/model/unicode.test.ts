// Offsets on the multilingual sample: highlights (UTF-16) and exports (code points) agree on every line.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toCodePointOffsets } from '../../../../shared/model/code-points.js';
import { readLabels } from '../../../../shared/model/labels.js';
import { sourceText } from '../../../../shared/model/layout.js';
import { readAnnotations } from '../../../../shared/model/read-annotations.js';
import { toW3CAnnotationPage } from '../../../../shared/model/w3c-export.js';
import { replica, run, sourceDoc, sync } from '../../../support/model-docs.js';

const text = readFileSync(new URL('../../../fixtures/unicode-sample.txt', import.meta.url), 'utf8');

function lineRanges(): { start: number; end: number; line: string }[] {
  const ranges: { start: number; end: number; line: string }[] = [];
  let start = 0;
  for (const line of text.split('\n')) {
    if (line.length > 0) ranges.push({ start, end: start + line.length, line });
    start += line.length + 1;
  }
  return ranges;
}

// The hard cases inside the lines: a flag, a ZWJ sequence with a skin tone, a combining accent, astral letters, RTL.
const tokens = ['🇰🇿', '👩🏽‍⚖️', 'café', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', 'مخيم اللاجئين', '阿拉木图', '«дело»', 'Қазақстан', '\t'];

function exportOf(doc: ReturnType<typeof sourceDoc>) {
  return toW3CAnnotationPage(readAnnotations(doc), {
    documentUrl: 'http://glossa.test/api/documents/u',
    text: sourceText(doc).toString(),
    labels: readLabels(doc),
  });
}

describe('Unicode offsets', () => {
  it('the sample has no final newline and contains every hard case', () => {
    expect(text.endsWith('\n')).toBe(false);
    for (const t of tokens) expect(text).toContain(t);
  });

  it('highlights every line and every hard token exactly, and exports code point offsets that select the same text', () => {
    const doc = sourceDoc(text);
    const wanted = [
      ...lineRanges().map((r) => ({ start: r.start, end: r.end, quote: r.line })),
      ...tokens.map((t) => ({ start: text.indexOf(t), end: text.indexOf(t) + t.length, quote: t })),
      // The combining form of café: "e" + U+0301.
      { start: text.indexOf('cafe\u0301'), end: text.indexOf('cafe\u0301') + 5, quote: 'cafe\u0301' },
    ];
    wanted.forEach((w, i) => run(doc, { type: 'annotation.create', id: `w${i}`, start: w.start, end: w.end }));

    const views = new Map(readAnnotations(doc).map((a) => [a.id, a]));
    const codePoints = Array.from(text);
    const page = exportOf(doc);
    wanted.forEach((w, i) => {
      const view = views.get(`w${i}`)!;
      expect(view.quote).toBe(w.quote);
      expect(text.slice(view.start, view.end)).toBe(w.quote);
      const item = page.items.find((it) => it.id.endsWith(`/w${i}`))!;
      const position = item.target.selector[0] as { type: string; start: number; end: number };
      expect(position.type).toBe('TextPositionSelector');
      // Code point offsets select exactly the quoted text from the code point sequence.
      expect(codePoints.slice(position.start, position.end).join('')).toBe(w.quote);
      expect(position.start).toBe(Array.from(text.slice(0, w.start)).length);
    });
  });

  it('refuses ranges that would split a surrogate pair', () => {
    const doc = sourceDoc(text);
    const flag = text.indexOf('🇰🇿');
    expect(() => run(doc, { type: 'annotation.create', start: flag + 1, end: flag + 4 })).toThrow(/^start: falls inside a surrogate pair/);
    expect(() => run(doc, { type: 'annotation.create', start: flag, end: flag + 1 })).toThrow(/^end: falls inside a surrogate pair/);
  });

  it('anchors survive concurrent astral-plane inserts around them', () => {
    const a = sourceDoc(text);
    const line = lineRanges()[6]!;
    run(a, { type: 'annotation.create', id: 'astral', start: line.start, end: line.end });
    const b = replica(a);
    sourceText(a).insert(line.start, '🙂🙂 ');
    sourceText(b).insert(line.end, ' 𝒷𝑜𝓁𝒹');
    sourceText(b).insert(0, 'Ω');
    sync(a, b);
    const [view] = readAnnotations(a).filter((x) => x.id === 'astral');
    const now = sourceText(a).toString();
    expect(now.slice(view!.start, view!.end)).toBe(line.line);
    const exported = exportOf(a).items[0]!.target.selector[0] as { start: number; end: number };
    expect(Array.from(now).slice(exported.start, exported.end).join('')).toBe(line.line);
  });

  it('converts UTF-16 offsets to code points in any order', () => {
    const s = 'a🙂b𝔘c';
    expect(toCodePointOffsets(s, [7, 0, 3, 1, 4, 6])).toEqual([5, 0, 2, 1, 3, 4]);
  });
});
