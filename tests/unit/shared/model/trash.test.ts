// Undoing a delete: what comes back from the trash is exactly what was deleted, on the same
// characters even after the text changed around it, and only for those who may delete it.

import { describe, expect, it } from 'vitest';
import { sourceText } from '../../../../shared/model/layout.js';
import { readAnnotations } from '../../../../shared/model/read-annotations.js';
import type { Actor } from '../../../../shared/model/types.js';
import { alice, bob, replica, run, sourceDoc, sync } from '../../../support/model-docs.js';

const text = 'The committee met in Almaty. The committee denied the claim. Refugees were expelled.';
const rangeOf = (phrase: string) => ({ start: text.indexOf(phrase), end: text.indexOf(phrase) + phrase.length });
const carol: Actor = { id: 'u-carol', name: 'Carol', color: '#2f9e44', role: 'commenter' };

describe('the trash', () => {
  it('restores a deleted annotation with its labels, status, thread and authors, on the same characters', () => {
    const doc = sourceDoc(text);
    run(doc, { type: 'annotation.create', id: 'a1', ...rangeOf('denied the claim'), labels: ['claim'], comment: 'Is it?' });
    run(doc, { type: 'comment.add', annotationId: 'a1', id: 'c2', body: 'Yes.' }, bob);
    run(doc, { type: 'annotation.resolve', annotationId: 'a1' }, bob);
    const before = readAnnotations(doc);

    run(doc, { type: 'annotation.delete', annotationId: 'a1' });
    expect(readAnnotations(doc)).toEqual([]);
    // The text changes while it is deleted: the restored highlight is on the same characters.
    sourceText(doc).insert(0, 'Today: ');
    run(doc, { type: 'annotation.restore', annotationId: 'a1' });

    const [restored] = readAnnotations(doc);
    expect(restored).toEqual({ ...before[0], start: before[0]!.start + 7, end: before[0]!.end + 7 });
    expect(sourceText(doc).toString().slice(restored!.start, restored!.end)).toBe('denied the claim');
  });

  it('a repeated undo changes nothing, and what was never deleted cannot be restored', () => {
    const doc = sourceDoc(text);
    run(doc, { type: 'annotation.create', id: 'a1', ...rangeOf('Almaty') });
    run(doc, { type: 'annotation.delete', annotationId: 'a1' });
    expect(run(doc, { type: 'annotation.restore', annotationId: 'a1' }).changed).toBe(true);
    expect(run(doc, { type: 'annotation.restore', annotationId: 'a1' }).changed).toBe(false);
    expect(() => run(doc, { type: 'annotation.restore', annotationId: 'nope' })).toThrow(/not in the trash/);
  });

  it('restores a deleted comment with its body and edit time, and replicas converge', () => {
    const doc = sourceDoc(text);
    run(doc, { type: 'annotation.create', id: 'a1', ...rangeOf('Almaty') });
    run(doc, { type: 'comment.add', annotationId: 'a1', id: 'c1', body: 'Capital until **1997**.' });
    run(doc, { type: 'comment.edit', annotationId: 'a1', commentId: 'c1', body: 'Capital until **1997**!' }, alice, '2026-11-28T13:00:00.000Z');
    const other = replica(doc);
    run(doc, { type: 'comment.delete', annotationId: 'a1', commentId: 'c1' }, alice, '2026-11-28T14:00:00.000Z');
    expect(readAnnotations(doc)[0]!.comments[0]).toMatchObject({ body: '', deleted: true });
    run(doc, { type: 'comment.restore', annotationId: 'a1', commentId: 'c1' });
    expect(readAnnotations(doc)[0]!.comments[0]).toMatchObject({ body: 'Capital until **1997**!', deleted: false, editedAt: '2026-11-28T13:00:00.000Z' });
    sync(doc, other);
    expect(readAnnotations(other)).toEqual(readAnnotations(doc));
  });

  it('a commenter may undo deleting their own work, not someone else’s; an editor may undo any', () => {
    const doc = sourceDoc(text);
    run(doc, { type: 'annotation.create', id: 'mine', ...rangeOf('Almaty') }, carol);
    run(doc, { type: 'annotation.create', id: 'theirs', ...rangeOf('Refugees') }, alice);
    run(doc, { type: 'comment.add', annotationId: 'theirs', id: 'c1', body: 'Mine.' }, carol);
    run(doc, { type: 'annotation.delete', annotationId: 'mine' }, carol);
    run(doc, { type: 'comment.delete', annotationId: 'theirs', commentId: 'c1' }, carol);
    run(doc, { type: 'annotation.restore', annotationId: 'mine' }, carol);
    run(doc, { type: 'comment.restore', annotationId: 'theirs', commentId: 'c1' }, carol);
    run(doc, { type: 'annotation.delete', annotationId: 'theirs' }, alice);
    expect(() => run(doc, { type: 'annotation.restore', annotationId: 'theirs' }, carol)).toThrow(/may not run annotation.restore/);
    run(doc, { type: 'annotation.restore', annotationId: 'theirs' }, bob);
    expect(
      readAnnotations(doc)
        .map((a) => a.id)
        .sort(),
    ).toEqual(['mine', 'theirs']);
  });
});
