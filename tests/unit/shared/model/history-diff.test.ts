// Comparing two moments: what a reviewer is told changed in the annotations between them.

import { describe, expect, it } from 'vitest';
import { diffStates } from '../../../../shared/model/history/diff-states.js';
import { stateOf } from '../../../../shared/model/history/history-state.js';
import { sourceText } from '../../../../shared/model/layout.js';
import { run, sourceDoc } from '../../../support/model-docs.js';

const text = 'The National Security Committee met in Almaty. Refugees were expelled in March.';
const at = (phrase: string) => ({ start: text.indexOf(phrase), end: text.indexOf(phrase) + phrase.length });

describe('the difference between two moments', () => {
  it('lists annotations added, removed, relabelled, resolved and commented, and not those only moved by text edits', () => {
    const doc = sourceDoc(text);
    run(doc, { type: 'annotation.create', id: 'nsc', ...at('National Security Committee'), labels: ['organisation'] });
    run(doc, { type: 'annotation.create', id: 'almaty', ...at('Almaty'), labels: ['place'] });
    run(doc, { type: 'annotation.create', id: 'march', ...at('March'), labels: [] });
    run(doc, { type: 'comment.add', annotationId: 'march', id: 'c1', body: 'Which year?' });
    const before = stateOf(doc);

    sourceText(doc).insert(0, 'Draft. ');
    run(doc, { type: 'annotation.setLabels', annotationId: 'nsc', labels: ['evidence'] });
    run(doc, { type: 'annotation.resolve', annotationId: 'almaty' });
    run(doc, { type: 'comment.add', annotationId: 'march', id: 'c2', body: '2005.' });
    run(doc, { type: 'comment.edit', annotationId: 'march', commentId: 'c1', body: 'Which year was it?' });
    run(doc, { type: 'annotation.resolve', annotationId: 'march' });
    run(doc, { type: 'annotation.delete', annotationId: 'almaty' });
    run(doc, { type: 'annotation.create', id: 'refugees', start: 7 + text.indexOf('Refugees'), end: 7 + text.indexOf('Refugees') + 8, labels: [] });
    const after = stateOf(doc);

    expect(diffStates(before, after).map((d) => [d.kind, d.annotation.id, 'added' in d && d.kind === 'relabelled' ? [d.added, d.removed] : null])).toEqual([
      ['relabelled', 'nsc', [['evidence'], ['organisation']]],
      ['added', 'refugees', null],
      ['resolved', 'march', null],
      ['commented', 'march', null],
      ['comments-changed', 'march', null],
      ['removed', 'almaty', null],
    ]);
    expect(diffStates(before, before)).toEqual([]);
  });
});
