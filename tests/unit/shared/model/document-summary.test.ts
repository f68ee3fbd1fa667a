// What the documents list shows of a document: thread counts, the newest activity and who was
// active, read from the Y.Doc the server holds.

import { describe, expect, it } from 'vitest';
import { NO_ACTIVITY, RECENT_PEOPLE, summarizeDocument } from '../../../../shared/model/document-summary.js';
import { annotationsMap } from '../../../../shared/model/layout.js';
import { readAnnotations } from '../../../../shared/model/read-annotations.js';
import type { Actor } from '../../../../shared/model/types.js';
import { alice, bob, run, sourceDoc } from '../../../support/model-docs.js';

const text = 'The committee met in Almaty. The committee denied the claim. Refugees were expelled.';
const at = (minute: number) => `2026-11-28T12:${String(minute).padStart(2, '0')}:00.000Z`;

describe('document summary', () => {
  it('a new document has no threads and nobody active', () => {
    expect(summarizeDocument(sourceDoc(text))).toEqual({ annotationCount: 0, ...NO_ACTIVITY });
  });

  it('counts open and resolved threads and names people by their newest activity', () => {
    const doc = sourceDoc(text);
    run(doc, { type: 'annotation.create', id: 'a1', start: 4, end: 13 }, alice, at(1));
    run(doc, { type: 'annotation.create', id: 'a2', start: 21, end: 27 }, alice, at(2));
    run(doc, { type: 'annotation.create', id: 'a3', start: 29, end: 32 }, alice, at(3));
    run(doc, { type: 'comment.add', annotationId: 'a1', body: 'Which committee?' }, bob, at(4));
    run(doc, { type: 'annotation.resolve', annotationId: 'a2' }, alice, at(5));
    expect(summarizeDocument(doc)).toEqual({
      annotationCount: 3,
      openThreads: 2,
      resolvedThreads: 1,
      lastActivityAt: at(5),
      recentPeople: [
        { id: alice.id, name: alice.name, color: alice.color },
        { id: bob.id, name: bob.name, color: bob.color },
      ],
    });
    // A comment edited later moves the activity, not the people (an editor may edit others' comments).
    const commentId = readAnnotations(doc).find((a) => a.id === 'a1')!.comments[0]!.id;
    run(doc, { type: 'comment.edit', annotationId: 'a1', commentId, body: 'Which committee, exactly?' }, alice, at(9));
    expect(summarizeDocument(doc)).toMatchObject({ lastActivityAt: at(9), recentPeople: [{ id: alice.id }, { id: bob.id }] });
  });

  it(`names at most ${RECENT_PEOPLE} people, the most recent first`, () => {
    const doc = sourceDoc(text);
    for (let i = 0; i < RECENT_PEOPLE + 2; i++) {
      const person: Actor = { id: `u-${i}`, name: `Person ${i}`, color: '#123456', role: 'commenter' };
      run(doc, { type: 'annotation.create', id: `a${i}`, start: i, end: i + 3 }, person, at(10 + i));
    }
    const { recentPeople } = summarizeDocument(doc);
    expect(recentPeople.map((p) => p.id)).toEqual(['u-6', 'u-5', 'u-4', 'u-3', 'u-2']);
  });

  it('skips what a raw Yjs client wrote into the annotations map that is not an annotation', () => {
    const doc = sourceDoc(text);
    annotationsMap(doc).set('junk', 'not a map' as never);
    // Counted as the readers count: what they skip as damaged is not an annotation (layout-check.ts).
    expect(summarizeDocument(doc)).toMatchObject({ annotationCount: 0, openThreads: 0, resolvedThreads: 0 });
  });
});
