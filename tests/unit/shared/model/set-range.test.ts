// Moving a highlight onto another passage: the annotation keeps its thread and labels and takes
// the new passage's quote and context.

import { describe, expect, it } from 'vitest';
import { readAnnotations } from '../../../../shared/model/read-annotations.js';
import type { Actor } from '../../../../shared/model/types.js';
import { run, sourceDoc } from '../../../support/model-docs.js';

const text = 'The committee met in Almaty. The committee denied the claim. Refugees were expelled.';
const rangeOf = (phrase: string) => ({ start: text.indexOf(phrase), end: text.indexOf(phrase) + phrase.length });
const carol: Actor = { id: 'u-carol', name: 'Carol', color: '#2f9e44', role: 'commenter' };

describe('moving a highlight', () => {
  it('puts the annotation on the new passage with its quote and context; the thread and labels stay', () => {
    const doc = sourceDoc(text);
    run(doc, { type: 'annotation.create', id: 'a1', ...rangeOf('committee met'), labels: ['claim'], comment: 'Which one?' });
    run(doc, { type: 'annotation.setRange', annotationId: 'a1', ...rangeOf('met in Almaty') });
    const [a] = readAnnotations(doc);
    expect(a).toMatchObject({ ...rangeOf('met in Almaty'), quote: 'met in Almaty', labels: ['claim'] });
    expect(a!.prefix.endsWith('committee ')).toBe(true);
    expect(a!.comments.map((c) => c.body)).toEqual(['Which one?']);
  });

  it('refuses an empty range, and a commenter moving someone else’s highlight', () => {
    const doc = sourceDoc(text);
    run(doc, { type: 'annotation.create', id: 'a1', ...rangeOf('Almaty') });
    expect(() => run(doc, { type: 'annotation.setRange', annotationId: 'a1', start: 5, end: 5 })).toThrow(/end: must be greater than start/);
    expect(() => run(doc, { type: 'annotation.setRange', annotationId: 'a1', ...rangeOf('Refugees') }, carol)).toThrow(/forbidden|may not/);
  });
});
