// Restoring the annotations to a moment: afterwards they are exactly those of that moment (labels,
// status, threads), the text stays as it is now, and the restore is a change like any other, which
// a restore to the moment before it undoes.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CommandInput } from '../../../../shared/model/commands.js';
import { stateOf } from '../../../../shared/model/history/history-state.js';
import { restoreMoment } from '../../../../shared/model/history/restore-moment.js';
import { annotationsMap, sourceText } from '../../../../shared/model/layout.js';
import type { AnnotationView } from '../../../../shared/model/types.js';
import { alice, bob, run, sourceDoc } from '../../../support/model-docs.js';

const text = 'The National Security Committee met in Almaty.\nRefugees were expelled in March.\n';

const command = fc.record({
  type: fc.constantFrom('create', 'setLabels', 'resolve', 'reopen', 'delete', 'restore', 'comment', 'editComment', 'deleteComment', 'restoreComment'),
  which: fc.nat(),
  at: fc.nat({ max: text.length - 8 }),
});

/** What a restore must bring back: everything but where each annotation is and when comments were made. */
const content = (annotations: Iterable<AnnotationView>) =>
  [...annotations]
    .map((a) => ({
      id: a.id,
      quote: a.quote,
      labels: [...a.labels].sort(),
      status: a.status,
      author: a.author.id,
      comments: a.comments
        .filter((c) => !c.deleted)
        .map((c) => [c.id, c.body])
        .sort(),
    }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));

function apply(doc: ReturnType<typeof sourceDoc>, c: { type: string; which: number; at: number }, n: number) {
  const ids = [...annotationsMap(doc).keys()].sort();
  const annotationId = ids.length ? ids[c.which % ids.length]! : 'none';
  const inputs: Record<string, CommandInput> = {
    create: { type: 'annotation.create', id: `a${n}`, start: c.at, end: c.at + 1 + (c.which % 7), labels: [c.which % 2 ? 'claim' : 'place'] },
    setLabels: { type: 'annotation.setLabels', annotationId, labels: c.which % 2 ? ['evidence'] : ['claim', 'question'] },
    resolve: { type: 'annotation.resolve', annotationId },
    reopen: { type: 'annotation.reopen', annotationId },
    delete: { type: 'annotation.delete', annotationId },
    restore: { type: 'annotation.restore', annotationId: `a${c.which % Math.max(1, n)}` },
    comment: { type: 'comment.add', annotationId, id: `c${c.at % 2}`, body: `Comment ${c.at}` },
    editComment: { type: 'comment.edit', annotationId, commentId: `c${c.at % 2}`, body: `Edited ${c.at}` },
    deleteComment: { type: 'comment.delete', annotationId, commentId: `c${c.at % 2}` },
    restoreComment: { type: 'comment.restore', annotationId, commentId: `c${c.at % 2}` },
  };
  try {
    run(doc, inputs[c.type]!, n % 2 ? alice : bob);
  } catch {
    // Refused by the model (no such comment, nothing to restore): nothing changed.
  }
}

describe('restoring the annotations to a moment', () => {
  it('gives exactly the annotations of that moment, keeps the text, and is undone by restoring the moment before it', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 30 }), fc.array(command, { maxLength: 30 }), (before, after) => {
        const doc = sourceDoc(text);
        before.forEach((c, i) => apply(doc, c, i));
        const then = stateOf(doc);
        after.forEach((c, i) => apply(doc, c, before.length + i));
        sourceText(doc).insert(0, 'Revised. ');
        const prior = stateOf(doc);
        doc.transact(() => restoreMoment(doc, then.annotations, alice, '2026-12-08T12:00:00.000Z'));
        const restored = stateOf(doc);
        expect(content(restored.annotations.values())).toEqual(content(then.annotations.values()));
        expect(restored.text).toBe(prior.text);
        // Every annotation keeps to its passage: on the same words as then.
        for (const a of restored.annotations.values())
          expect(restored.text.slice(a.start, a.end)).toBe(then.text.slice(then.annotations.get(a.id)!.start, then.annotations.get(a.id)!.end));

        doc.transact(() => restoreMoment(doc, prior.annotations, alice, '2026-12-08T12:01:00.000Z'));
        expect(content(stateOf(doc).annotations.values())).toEqual(content(prior.annotations.values()));
      }),
      { numRuns: 200 },
    );
  });

  it('is for editors and owners', () => {
    const doc = sourceDoc(text);
    expect(() => restoreMoment(doc, new Map(), { ...alice, role: 'commenter' }, 'now')).toThrow(/may not restore/);
  });

  it('restores one deleted annotation with its whole thread, and leaves every other as it is now', () => {
    const doc = sourceDoc(text);
    run(doc, { type: 'annotation.create', id: 'kept', start: 4, end: 31, labels: ['claim'] });
    run(doc, { type: 'annotation.create', id: 'lost', start: 47, end: 55, labels: ['person'] });
    run(doc, { type: 'comment.add', annotationId: 'lost', id: 'c1', body: 'Who counted them?' }, bob);
    run(doc, { type: 'comment.add', annotationId: 'lost', id: 'c2', body: 'The UN did.' });
    const then = stateOf(doc);
    run(doc, { type: 'annotation.delete', annotationId: 'lost' });
    run(doc, { type: 'annotation.setLabels', annotationId: 'kept', labels: ['evidence'] });

    doc.transact(() => restoreMoment(doc, then.annotations, alice, 'now', { annotationId: 'lost' }));
    const now = stateOf(doc);
    expect(content([now.annotations.get('lost')!])).toEqual(content([then.annotations.get('lost')!]));
    expect(now.annotations.get('lost')!.comments.map((c) => c.body)).toEqual(['Who counted them?', 'The UN did.']);
    expect(now.annotations.get('kept')!.labels).toEqual(['evidence']);
  });

  it('lets a commenter restore a comment of their own, not anyone else’s', () => {
    const doc = sourceDoc(text);
    const carol = { ...bob, id: 'u-carol', name: 'Carol', role: 'commenter' as const };
    run(doc, { type: 'annotation.create', id: 'a', start: 4, end: 31, labels: ['claim'] });
    run(doc, { type: 'comment.add', annotationId: 'a', id: 'mine', body: 'Source?' }, carol);
    run(doc, { type: 'comment.add', annotationId: 'a', id: 'theirs', body: 'Page 4.' });
    const then = stateOf(doc);
    run(doc, { type: 'comment.delete', annotationId: 'a', commentId: 'mine' }, carol);
    run(doc, { type: 'comment.delete', annotationId: 'a', commentId: 'theirs' });

    expect(() => restoreMoment(doc, then.annotations, carol, 'now', { annotationId: 'a', commentId: 'theirs' })).toThrow(/only their own/);
    doc.transact(() => restoreMoment(doc, then.annotations, carol, 'now', { annotationId: 'a', commentId: 'mine' }));
    const live = stateOf(doc)
      .annotations.get('a')!
      .comments.filter((c) => !c.deleted);
    expect(live.map((c) => c.body)).toEqual(['Source?']);
  });
});
