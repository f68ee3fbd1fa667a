// What each change reads as in the activity feed, whether it came as a command the server applied or
// as a raw Yjs update from an editor's client: the same change, the same line.

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { watchChanges } from '../../../../shared/model/activity/change-summary.js';
import { type ActivityLine, describeChange } from '../../../../shared/model/activity/describe-change.js';
import { importAnnotations } from '../../../../shared/model/import/import-annotations.js';
import { parseWebAnnotations } from '../../../../shared/model/import/w3c-parse.js';
import { annotationsMap, sourceText } from '../../../../shared/model/layout.js';
import { alice, replica, run, sourceDoc, sync } from '../../../support/model-docs.js';

const text = 'The National Security Committee met in Almaty. Refugees were expelled in March.';

/** The document, and every line its changes have read as so far. */
function watched(doc: Y.Doc = sourceDoc(text)) {
  const lines: ActivityLine[][] = [];
  watchChanges(doc, (summary) => lines.push(describeChange(doc, summary)));
  return { doc, lines };
}

const at = (phrase: string) => ({ start: text.indexOf(phrase), end: text.indexOf(phrase) + phrase.length });

describe('the activity of commands', () => {
  it('tells each command as one line naming its annotation', () => {
    const { doc, lines } = watched();
    run(doc, { type: 'annotation.create', id: 'nsc', ...at('National Security Committee'), labels: ['organisation'] });
    run(doc, { type: 'annotation.setLabels', annotationId: 'nsc', labels: ['organisation', 'evidence'] });
    run(doc, { type: 'annotation.setLabels', annotationId: 'nsc', labels: ['evidence'] });
    run(doc, { type: 'comment.add', annotationId: 'nsc', id: 'c1', body: 'Which committee?' });
    run(doc, { type: 'comment.edit', annotationId: 'nsc', commentId: 'c1', body: 'Which one?' });
    run(doc, { type: 'comment.delete', annotationId: 'nsc', commentId: 'c1' });
    run(doc, { type: 'comment.restore', annotationId: 'nsc', commentId: 'c1' });
    run(doc, { type: 'annotation.resolve', annotationId: 'nsc' });
    run(doc, { type: 'annotation.reopen', annotationId: 'nsc' });
    run(doc, { type: 'annotation.setRange', annotationId: 'nsc', ...at('Almaty') });
    run(doc, { type: 'annotation.delete', annotationId: 'nsc' });
    run(doc, { type: 'annotation.restore', annotationId: 'nsc' });
    run(doc, { type: 'label.create', id: 'border', name: 'Border', color: '#123456' });
    run(doc, { type: 'label.edit', labelId: 'border', archived: true });
    expect(lines.map((change) => change.map((l) => [l.kind, l.annotationId, l.text]))).toEqual([
      [['highlighted', 'nsc', 'highlighted “National Security Committee” as Organisation']],
      [['labelled', 'nsc', 'labelled “National Security Committee” as Evidence']],
      [['unlabelled', 'nsc', 'took Organisation off “National Security Committee”']],
      [['commented', 'nsc', 'commented on “National Security Committee”']],
      [['edited-comment', 'nsc', 'edited a comment on “National Security Committee”']],
      [['deleted-comment', 'nsc', 'deleted a comment on “National Security Committee”']],
      [['restored-comment', 'nsc', 'restored a comment on “National Security Committee”']],
      [['resolved', 'nsc', 'resolved the thread on “National Security Committee”']],
      [['reopened', 'nsc', 'reopened the thread on “National Security Committee”']],
      [['moved', 'nsc', 'moved the highlight “Almaty”']],
      [['deleted', 'nsc', 'deleted the annotation on “Almaty”']],
      [['restored', 'nsc', 'restored the annotation on “Almaty”']],
      [['created-label', null, 'created the label Border']],
      [['edited-label', null, 'edited the label Border']],
    ]);
  });

  it('tells an import, or an "annotate all", of many as one line', () => {
    const { doc, lines } = watched();
    const items = parseWebAnnotations(
      ['National', 'Security', 'Committee', 'Almaty', 'Refugees', 'March'].map((exact) => ({
        type: 'Annotation',
        target: { selector: { type: 'TextQuoteSelector', exact } },
      })),
    );
    doc.transact(() => importAnnotations(doc, items, { actor: alice, now: '2026-12-08T00:00:00.000Z', documentId: 'd' }));
    expect(lines).toEqual([[{ kind: 'added-annotations', annotationId: null, text: 'added 6 annotations' }]]);
  });
});

describe('the activity of raw updates', () => {
  it('an editor typing in the text is told as characters added and removed', () => {
    const { doc, lines } = watched();
    const editor = replica(doc);
    sourceText(editor).insert(0, 'Draft: ');
    sourceText(editor).delete(text.length, 1);
    sync(editor, doc);
    expect(lines).toEqual([[{ kind: 'edited-text', annotationId: null, text: 'edited the text (7 characters added, 1 removed)' }]]);
  });

  it('a label an editor’s client adds to an annotation reads as a command’s would', () => {
    const { doc, lines } = watched();
    run(doc, { type: 'annotation.create', id: 'nsc', ...at('National Security Committee'), labels: [] });
    const editor = replica(doc);
    (annotationsMap(editor).get('nsc')!.get('labels') as Y.Array<string>).push(['claim']);
    sync(editor, doc);
    expect(lines.at(-1)).toEqual([{ kind: 'labelled', annotationId: 'nsc', text: 'labelled “National Security Committee” as Claim' }]);
  });

  it('a transaction that changes none of them is not told', () => {
    const { doc, lines } = watched();
    doc.getMap('elsewhere').set('x', 1);
    expect(lines).toEqual([]);
  });
});
