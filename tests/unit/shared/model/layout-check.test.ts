// What a raw Yjs client with the editor role can put into the layout, read back by every reader
// (REST, exports, listings, the annotator): nothing it writes may make a reader throw, name the
// wrong annotation, or reach a style sheet.

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeAnchor } from '../../../../shared/model/anchors.js';
import { summarizeDocument } from '../../../../shared/model/document-summary.js';
import { readLabels } from '../../../../shared/model/labels.js';
import { annotationsMap, labelsMap, sourceText } from '../../../../shared/model/layout.js';
import { findDamaged } from '../../../../shared/model/layout-check.js';
import { countAnnotations, readAnnotations } from '../../../../shared/model/read-annotations.js';
import { toCsv } from '../../../../shared/model/csv-export.js';
import { toW3CAnnotationPage } from '../../../../shared/model/w3c-export.js';
import { alice, replica, run, sourceDoc } from '../../../support/model-docs.js';

const text = 'The committee met in Almaty. The committee denied the claim.';

/** Values that JSON-decode into objects String() cannot convert (a null prototype, a non-callable toString). */
const unprintable = (): unknown[] => [{ toString: 1 }, JSON.parse('{"__proto__": null, "x": 1}'), { valueOf: 'x', toString: null }];

/** An annotation a raw client wrote with a good anchor and the given fields. */
function rawAnnotation(doc: Y.Doc, key: string, start: number, end: number, fields: Record<string, unknown>): void {
  const anchor = encodeAnchor(sourceText(doc), start, end);
  const map = new Y.Map<unknown>();
  map.set('start', anchor.start);
  map.set('end', anchor.end);
  for (const [k, v] of Object.entries(fields)) map.set(k, v);
  annotationsMap(doc).set(key, map);
}

describe('layout check', () => {
  it('fields of the wrong type in an otherwise good annotation read as text, never as a throw', () => {
    const written = sourceDoc(text);
    const [a, b, c] = unprintable();
    const comment = new Y.Map<unknown>();
    comment.set('id', a);
    comment.set('author', b);
    comment.set('body', c);
    comment.set('createdAt', 12);
    comment.set('editedAt', { toString: 1 });
    rawAnnotation(written, 'odd', 4, 13, {
      id: 'odd',
      quote: a,
      prefix: b,
      suffix: c,
      author: { id: a, name: b, color: c },
      createdAt: a,
      resolvedBy: 'someone',
      resolvedAt: b,
      status: 'resolved',
      labels: Y.Array.from([a, 'claim', 7] as never[]),
      comments: Y.Array.from([comment]),
    });
    labelsMap(written).set('weird', { name: a, color: b, description: c, archived: 'yes' });
    // Over the wire, as every reader gets it: `__proto__` decodes into a null prototype there.
    const doc = replica(written);

    const [view] = readAnnotations(doc);
    expect(view).toMatchObject({
      id: 'odd',
      start: 4,
      end: 13,
      quote: 'committee',
      prefix: '',
      suffix: '',
      createdAt: '',
      resolvedAt: null,
      status: 'resolved',
      labels: ['claim'],
    });
    expect(view!.author).toEqual({ id: 'unknown', name: 'Unknown', color: '#888888' });
    expect(view!.resolvedBy).toEqual({ id: 'unknown', name: 'Unknown', color: '#888888' });
    expect(view!.comments).toEqual([
      { id: '', author: { id: 'unknown', name: 'Unknown', color: '#888888' }, body: '', createdAt: '12', editedAt: null, deleted: false },
    ]);
    expect(readLabels(doc).find((l) => l.id === 'weird')).toEqual({ id: 'weird', name: 'weird', color: '#888888', description: '', archived: false });
    const labels = readLabels(doc);
    expect(() => JSON.stringify(toW3CAnnotationPage(readAnnotations(doc), { documentUrl: 'http://x/api/documents/d', text, labels }))).not.toThrow();
    expect(() => toCsv(readAnnotations(doc), { title: 't', text, labels })).not.toThrow();
    expect(() => summarizeDocument(doc)).not.toThrow();
    expect(findDamaged(doc)).toEqual([]);
  });

  it('an annotation is known by its key, whatever its stored id says', () => {
    const doc = sourceDoc(text);
    run(doc, { type: 'annotation.create', id: 'real', start: 4, end: 13 });
    rawAnnotation(doc, 'impostor', 21, 27, { id: 'real', quote: 'Almaty' });
    expect(
      readAnnotations(doc)
        .map((a) => a.id)
        .sort(),
    ).toEqual(['impostor', 'real']);
    // Deleting the impostor by its key deletes it, not the annotation its id field names.
    run(doc, { type: 'annotation.delete', annotationId: 'impostor' });
    expect(readAnnotations(doc).map((a) => a.id)).toEqual(['real']);
    run(doc, { type: 'annotation.restore', annotationId: 'impostor' });
    expect(
      readAnnotations(doc)
        .map((a) => a.id)
        .sort(),
    ).toEqual(['impostor', 'real']);
  });

  it('a key no command could name is damaged: it never reaches a style sheet or a URL', () => {
    const doc = sourceDoc(text);
    run(doc, { type: 'annotation.create', id: 'good', start: 4, end: 13, labels: ['claim'] });
    const css = 'x) { } * { background: url(http://127.0.0.1:1/leak) } ::highlight(y';
    labelsMap(doc).set(css, { name: 'Injected', color: '#ff0000', description: '' });
    labelsMap(doc).set('', { name: 'Empty', color: '#ff0000', description: '' });
    rawAnnotation(doc, '../../x', 21, 27, { id: '../../x' });
    rawAnnotation(doc, 'a'.repeat(65), 21, 27, {});
    expect(readLabels(doc).map((l) => l.id)).not.toContain(css);
    expect(readLabels(doc).map((l) => l.name)).not.toContain('Empty');
    expect(readAnnotations(doc).map((a) => a.id)).toEqual(['good']);
    expect(
      findDamaged(doc)
        .map((d) => `${d.map}/${d.key}`)
        .sort(),
    ).toEqual([`annotations/${'a'.repeat(65)}`, 'annotations/../../x', 'labels/', `labels/${css}`].sort());
    for (const d of findDamaged(doc)) expect(d.problem).toMatch(/id/);
  });

  it('readers that collect what they skip list exactly what findDamaged lists, in one pass', () => {
    const doc = sourceDoc(text);
    run(doc, { type: 'annotation.create', id: 'good', start: 4, end: 13, labels: ['claim'] });
    annotationsMap(doc).set('s', 'a string' as never);
    rawAnnotation(doc, 'no-comments', 21, 27, { comments: 'none' });
    labelsMap(doc).set('n', 42);
    const damaged: ReturnType<typeof findDamaged> = [];
    expect(readAnnotations(doc, damaged).map((a) => a.id)).toEqual(['good']);
    expect(readLabels(doc, damaged).map((l) => l.id)).not.toContain('n');
    expect(damaged).toEqual(findDamaged(doc));
    expect(damaged.map((d) => d.key)).toEqual(['s', 'no-comments', 'n']);
  });

  it('an anchor must point into the source text: one into another shared type is damaged, and one naming a type creates none', () => {
    const doc = sourceDoc(text);
    const other = doc.getText('other');
    other.insert(0, 'x'.repeat(500));
    const intoOther = encodeAnchor(other, 100, 400);
    rawAnnotation(doc, 'elsewhere', 0, 1, { quote: 'x' });
    const elsewhere = annotationsMap(doc).get('elsewhere')!;
    elsewhere.set('start', intoOther.start);
    elsewhere.set('end', intoOther.end);
    // A position at the end of a root type is written by name; resolving it would create the type.
    const named = encodeAnchor(doc.getText('other'), 500, 500);
    const byName = Y.encodeRelativePosition(Y.createRelativePositionFromJSON({ tname: 'made-up', item: null, assoc: 0 }));
    rawAnnotation(doc, 'named', 0, 1, {});
    annotationsMap(doc).get('named')!.set('start', byName);
    annotationsMap(doc).get('named')!.set('end', named.end);
    expect(readAnnotations(doc)).toEqual([]);
    expect(findDamaged(doc).map((d) => [d.key, d.problem])).toEqual([
      ['elsewhere', 'annotation has an anchor that does not resolve in the text'],
      ['named', 'annotation has an anchor that does not resolve in the text'],
    ]);
    expect(doc.share.has('made-up')).toBe(false);
  });

  it('counts and the listing summary leave damaged entries out, as the readers do', () => {
    const doc = sourceDoc(text);
    run(doc, { type: 'annotation.create', id: 'good', start: 4, end: 13 }, alice, '2026-11-28T12:00:00.000Z');
    annotationsMap(doc).set('s', 'a string' as never);
    const noAnchor = new Y.Map<unknown>();
    noAnchor.set('status', 'resolved');
    noAnchor.set('createdAt', '2027-01-01T00:00:00.000Z');
    noAnchor.set('author', { id: 'ghost', name: 'Ghost', color: '#000000' });
    annotationsMap(doc).set('noAnchor', noAnchor as never);
    expect(countAnnotations(doc)).toBe(1);
    expect(summarizeDocument(doc)).toMatchObject({
      annotationCount: 1,
      openThreads: 1,
      resolvedThreads: 0,
      lastActivityAt: '2026-11-28T12:00:00.000Z',
      recentPeople: [{ id: alice.id }],
    });
  });
});
