// The annotation model: every operation, concurrent changes converging, anchors following edits.

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ModelError } from '../../../../shared/model/model-error.js';
import { readLabels } from '../../../../shared/model/labels.js';
import { sourceText } from '../../../../shared/model/layout.js';
import { readAnnotations } from '../../../../shared/model/read-annotations.js';
import { alice, bob, replica, run, sourceDoc, sync } from '../../../support/model-docs.js';

const text = 'The committee met in Almaty. The committee denied the claim. Refugees were expelled.';
const rangeOf = (phrase: string, from = 0) => ({ start: text.indexOf(phrase, from), end: text.indexOf(phrase, from) + phrase.length });

function expectConverged(a: Y.Doc, b: Y.Doc): void {
  expect(Y.encodeStateVector(a)).toEqual(Y.encodeStateVector(b));
  expect(readAnnotations(a)).toEqual(readAnnotations(b));
  expect(sourceText(a).toString()).toBe(sourceText(b).toString());
}

describe('annotation model', () => {
  it('a new document carries the text and the default labels', () => {
    const doc = sourceDoc(text);
    expect(sourceText(doc).toString()).toBe(text);
    expect(readLabels(doc).map((l) => l.name)).toEqual(['Claim', 'Evidence', 'Person', 'Organisation', 'Place', 'Question']);
  });

  it('creates an annotation with quote, context, labels, author and a first comment', () => {
    const doc = sourceDoc(text);
    const { start, end } = rangeOf('Almaty');
    const result = run(doc, { type: 'annotation.create', id: 'a1', start, end, labels: ['place'], comment: 'Capital until 1997.' });
    expect(result.annotationIds).toEqual(['a1']);
    const [a] = readAnnotations(doc);
    expect(a).toMatchObject({
      id: 'a1',
      start,
      end,
      quote: 'Almaty',
      labels: ['place'],
      author: { id: alice.id, name: 'Alice' },
      status: 'open',
      detached: false,
    });
    expect(a!.prefix).toBe(text.slice(Math.max(0, start - 32), start));
    expect(a!.suffix).toBe(text.slice(end, end + 32));
    expect(a!.comments).toHaveLength(1);
    expect(a!.comments[0]).toMatchObject({ body: 'Capital until 1997.', deleted: false, editedAt: null });
  });

  it('annotates every occurrence of a phrase, case-insensitively by default', () => {
    const doc = sourceDoc(text);
    const result = run(doc, { type: 'annotation.createAll', phrase: 'the committee', labels: ['organisation'] });
    expect(result.annotationIds).toHaveLength(2);
    expect(readAnnotations(doc).map((a) => a.quote)).toEqual(['The committee', 'The committee']);
    expect(() => run(doc, { type: 'annotation.createAll', phrase: 'the committee', caseSensitive: true })).toThrow(/phrase: does not occur/);
  });

  it('threads: reply, edit, delete; resolve and reopen; labels; delete the annotation', () => {
    const doc = sourceDoc(text);
    run(doc, { type: 'annotation.create', id: 'a1', ...rangeOf('denied the claim'), labels: ['claim'] });
    run(doc, { type: 'comment.add', annotationId: 'a1', id: 'c1', body: 'Source?' }, bob);
    run(doc, { type: 'comment.edit', annotationId: 'a1', commentId: 'c1', body: 'Source, please?' }, bob, '2026-11-28T13:00:00.000Z');
    run(doc, { type: 'comment.add', annotationId: 'a1', id: 'c2', body: 'Press release, 2005.' });
    run(doc, { type: 'comment.delete', annotationId: 'a1', commentId: 'c2' });
    run(doc, { type: 'annotation.setLabels', annotationId: 'a1', labels: ['claim', 'question'] });
    run(doc, { type: 'annotation.resolve', annotationId: 'a1' }, bob);
    let [a] = readAnnotations(doc);
    expect(a!.comments.map((c) => [c.id, c.body, c.deleted])).toEqual([
      ['c1', 'Source, please?', false],
      ['c2', '', true],
    ]);
    expect(a!.comments[0]!.editedAt).toBe('2026-11-28T13:00:00.000Z');
    expect(a!.labels).toEqual(['claim', 'question']);
    expect(a!.status).toBe('resolved');
    expect(a!.resolvedBy?.name).toBe('Bob');

    run(doc, { type: 'annotation.reopen', annotationId: 'a1' });
    [a] = readAnnotations(doc);
    expect(a!.status).toBe('open');
    expect(a!.resolvedBy).toBeNull();

    run(doc, { type: 'annotation.delete', annotationId: 'a1' });
    expect(readAnnotations(doc)).toEqual([]);
  });

  it('creates and edits labels', () => {
    const doc = sourceDoc(text);
    run(doc, { type: 'label.create', id: 'date', name: 'Date', color: '#112233', description: 'A date' });
    run(doc, { type: 'label.edit', labelId: 'date', color: '#445566' });
    expect(readLabels(doc).find((l) => l.id === 'date')).toEqual({ id: 'date', name: 'Date', color: '#445566', description: 'A date', archived: false });
  });

  it('rejects bad ranges, unknown labels and unknown targets, naming the field', () => {
    const doc = sourceDoc(text);
    const bad = (input: Parameters<typeof run>[1], pattern: RegExp, kind: ModelError['kind']) => {
      try {
        run(doc, input);
        throw new Error('expected a ModelError');
      } catch (error) {
        expect(error).toBeInstanceOf(ModelError);
        expect((error as ModelError).kind).toBe(kind);
        expect((error as Error).message).toMatch(pattern);
      }
    };
    bad({ type: 'annotation.create', start: 5, end: 5 }, /^end: must be greater/, 'invalid');
    bad({ type: 'annotation.create', start: 0, end: text.length + 1 }, /^end: is past the end/, 'invalid');
    bad({ type: 'annotation.create', start: 0, end: 3, labels: ['nope'] }, /^labels: unknown label "nope"/, 'invalid');
    bad({ type: 'comment.add', annotationId: 'missing', body: 'x' }, /annotation with id "missing"/, 'not_found');
    run(doc, { type: 'annotation.create', id: 'a1', start: 0, end: 3 });
    bad({ type: 'comment.edit', annotationId: 'a1', commentId: 'c9', body: 'x' }, /comment with id "c9"/, 'not_found');
    bad({ type: 'annotation.create', id: 'a1', start: 4, end: 9 }, /already exists/, 'conflict');
    expect(run(doc, { type: 'annotation.create', id: 'a1', start: 0, end: 3 }).changed).toBe(false);
  });

  it('leaves commenters to their own work and viewers to reading', () => {
    const doc = sourceDoc(text);
    const carol = { ...bob, id: 'u-carol', name: 'Carol', role: 'commenter' as const };
    const victor = { ...bob, id: 'u-victor', name: 'Victor', role: 'viewer' as const };
    run(doc, { type: 'annotation.create', id: 'mine', start: 0, end: 3 }, carol);
    run(doc, { type: 'annotation.create', id: 'theirs', start: 4, end: 9 }, alice);
    run(doc, { type: 'annotation.setLabels', annotationId: 'mine', labels: ['claim'] }, carol);
    run(doc, { type: 'annotation.resolve', annotationId: 'theirs' }, carol);
    expect(() => run(doc, { type: 'annotation.delete', annotationId: 'theirs' }, carol)).toThrow(/someone else's/);
    expect(() => run(doc, { type: 'label.create', name: 'X', color: '#000000' }, carol)).toThrow(/may not/);
    expect(() => run(doc, { type: 'comment.add', annotationId: 'mine', body: 'hi' }, victor)).toThrow(/a viewer may not/);
  });

  describe('concurrent changes converge', () => {
    it('resolve racing a reply keeps both', () => {
      const a = sourceDoc(text);
      run(a, { type: 'annotation.create', id: 'x', ...rangeOf('Refugees') });
      const b = replica(a);
      run(a, { type: 'annotation.resolve', annotationId: 'x' });
      run(b, { type: 'comment.add', annotationId: 'x', id: 'r1', body: 'Not yet!' }, bob);
      sync(a, b);
      expectConverged(a, b);
      const [view] = readAnnotations(a);
      expect(view!.status).toBe('resolved');
      expect(view!.comments.map((c) => c.body)).toEqual(['Not yet!']);
    });

    it('delete racing an edit: the annotation is gone on both', () => {
      const a = sourceDoc(text);
      run(a, { type: 'annotation.create', id: 'x', ...rangeOf('Refugees'), comment: 'first' });
      const commentId = readAnnotations(a)[0]!.comments[0]!.id;
      const b = replica(a);
      run(a, { type: 'annotation.delete', annotationId: 'x' });
      run(b, { type: 'comment.edit', annotationId: 'x', commentId, body: 'edited' });
      sync(a, b);
      expectConverged(a, b);
      expect(readAnnotations(a)).toEqual([]);
    });

    it('two label changes merge as a set', () => {
      const a = sourceDoc(text);
      run(a, { type: 'annotation.create', id: 'x', ...rangeOf('Almaty'), labels: ['place'] });
      const b = replica(a);
      run(a, { type: 'annotation.setLabels', annotationId: 'x', labels: ['place', 'evidence'] });
      run(b, { type: 'annotation.setLabels', annotationId: 'x', labels: ['place', 'evidence', 'question'] }, bob);
      sync(a, b);
      expectConverged(a, b);
      expect(readAnnotations(a)[0]!.labels.sort()).toEqual(['evidence', 'place', 'question']);
    });

    it('two comment edits settle on one body on both replicas', () => {
      const a = sourceDoc(text);
      run(a, { type: 'annotation.create', id: 'x', start: 0, end: 3 });
      run(a, { type: 'comment.add', annotationId: 'x', id: 'c', body: 'v0' });
      const b = replica(a);
      run(a, { type: 'comment.edit', annotationId: 'x', commentId: 'c', body: 'from A' });
      run(b, { type: 'comment.edit', annotationId: 'x', commentId: 'c', body: 'from B' });
      sync(a, b);
      expectConverged(a, b);
      expect(['from A', 'from B']).toContain(readAnnotations(a)[0]!.comments[0]!.body);
    });
  });

  describe('anchors', () => {
    const phrase = 'denied the claim';

    function annotated() {
      const a = sourceDoc(text);
      run(a, { type: 'annotation.create', id: 'h', ...rangeOf(phrase) });
      return { a, b: replica(a) };
    }

    const quoteNow = (doc: Y.Doc) => {
      const [v] = readAnnotations(doc);
      return sourceText(doc).toString().slice(v!.start, v!.end);
    };

    it('follow concurrent inserts and deletes before, inside and after the highlight', () => {
      const { a, b } = annotated();
      const { start, end } = rangeOf(phrase);
      sourceText(a).insert(0, 'PREFACE. ');
      sourceText(b).delete(end + 2, 4);
      sourceText(b).insert(start + 'denied'.length, ' flatly');
      sourceText(a).delete(2, 3);
      sync(a, b);
      expectConverged(a, b);
      expect(quoteNow(a)).toBe('denied flatly the claim');
    });

    it('do not stretch when someone types right at either boundary', () => {
      const { a } = annotated();
      const { start, end } = rangeOf(phrase);
      sourceText(a).insert(end, ' loudly');
      sourceText(a).insert(start, 'has ');
      expect(quoteNow(a)).toBe(phrase);
    });

    it('keep an annotation whose text was deleted, detached, with its original quote', () => {
      const { a, b } = annotated();
      const { start, end } = rangeOf(phrase);
      sourceText(b).delete(start - 1, end - start + 2);
      sync(a, b);
      const [view] = readAnnotations(a);
      expect(view).toMatchObject({ id: 'h', detached: true, quote: phrase });
      expect(view!.start).toBe(view!.end);
    });
  });
});
