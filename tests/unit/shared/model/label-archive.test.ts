// Managing a document's labels: archiving keeps a label on its annotations, names are unique
// whatever their case, retries are answered, and only editors and owners change labels.

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { labelsMap } from '../../../../shared/model/layout.js';
import { readLabels } from '../../../../shared/model/labels.js';
import { ModelError } from '../../../../shared/model/model-error.js';
import { may } from '../../../../shared/model/permissions.js';
import { readAnnotations } from '../../../../shared/model/read-annotations.js';
import type { Actor } from '../../../../shared/model/types.js';
import { alice, bob, replica, run, sourceDoc, sync } from '../../../support/model-docs.js';

const text = 'The committee met in Almaty. The committee denied the claim.';
const carol: Actor = { id: 'u-carol', name: 'Carol', color: '#2f9e44', role: 'commenter' };
const victor: Actor = { id: 'u-victor', name: 'Victor', color: '#1971c2', role: 'viewer' };
const olga: Actor = { id: 'u-olga', name: 'Olga', color: '#7048e8', role: 'owner' };

const label = (doc: Y.Doc, id: string) => readLabels(doc).find((l) => l.id === id);

function refusal(fn: () => unknown): ModelError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ModelError) return error;
    throw error;
  }
  throw new Error('expected a ModelError');
}

describe('label archiving', () => {
  it('archives and restores a label; the annotations carrying it keep it', () => {
    const doc = sourceDoc(text);
    run(doc, { type: 'annotation.create', id: 'a1', start: 0, end: 3, labels: ['claim', 'place'] });
    run(doc, { type: 'label.edit', labelId: 'claim', archived: true });
    expect(label(doc, 'claim')).toMatchObject({ name: 'Claim', color: '#e8590c', archived: true });
    expect(readAnnotations(doc)[0]!.labels).toEqual(['claim', 'place']);
    // Another label on the same annotation can still be changed without dropping the archived one.
    run(doc, { type: 'annotation.setLabels', annotationId: 'a1', labels: ['claim'] });
    expect(readAnnotations(doc)[0]!.labels).toEqual(['claim']);

    run(doc, { type: 'label.edit', labelId: 'claim', archived: false });
    expect(label(doc, 'claim')!.archived).toBe(false);
  });

  it('stores archived only while it is set, and reads labels without it (older documents) as not archived', () => {
    const doc = sourceDoc(text);
    expect(labelsMap(doc).get('person')).toEqual({ name: 'Person', color: '#1c7ed6', description: 'A named person' });
    expect(readLabels(doc).every((l) => l.archived === false)).toBe(true);
    run(doc, { type: 'label.edit', labelId: 'person', archived: true });
    expect(labelsMap(doc).get('person')).toEqual({ name: 'Person', color: '#1c7ed6', description: 'A named person', archived: true });
    run(doc, { type: 'label.edit', labelId: 'person', archived: false });
    expect(labelsMap(doc).get('person')).toEqual({ name: 'Person', color: '#1c7ed6', description: 'A named person' });

    // A label written by another Yjs client as a nested Y.Map is read the same way.
    const nested = new Y.Map<unknown>();
    labelsMap(doc).set('date', nested);
    nested.set('name', 'Date');
    nested.set('archived', true);
    expect(label(doc, 'date')).toEqual({ id: 'date', name: 'Date', color: '#888888', description: '', archived: true });
  });

  it('an edit keeps what it does not mention: renaming an archived label leaves it archived', () => {
    const doc = sourceDoc(text);
    run(doc, { type: 'label.edit', labelId: 'question', archived: true });
    run(doc, { type: 'label.edit', labelId: 'question', name: 'Open question', color: '#ae3ec9' });
    expect(label(doc, 'question')).toEqual({
      id: 'question',
      name: 'Open question',
      color: '#ae3ec9',
      description: 'Something to check or discuss',
      archived: true,
    });
  });

  it('an archive and a rename made at the same time by two people: the last write wins whole', () => {
    const a = sourceDoc(text);
    const b = replica(a);
    run(a, { type: 'label.edit', labelId: 'claim', archived: true });
    run(b, { type: 'label.edit', labelId: 'claim', name: 'Assertion' }, bob);
    sync(a, b);
    expect(readLabels(a)).toEqual(readLabels(b));
    const merged = label(a, 'claim')!;
    expect([
      { name: 'Claim', archived: true },
      { name: 'Assertion', archived: false },
    ]).toContainEqual({ name: merged.name, archived: merged.archived });
  });
});

describe('label names', () => {
  it('refuses a name another label already has, whatever its case, with 409 label_exists', () => {
    const doc = sourceDoc(text);
    for (const name of ['Claim', 'claim', '  PERSON ']) {
      const error = refusal(() => run(doc, { type: 'label.create', name, color: '#123456' }));
      expect(error).toMatchObject({ kind: 'conflict', code: 'label_exists' });
      expect(error.message).toMatch(/^a label named "(Claim|Person)" already exists$/);
    }
    expect(refusal(() => run(doc, { type: 'label.edit', labelId: 'place', name: 'EVIDENCE' }))).toMatchObject({ code: 'label_exists' });
    expect(label(doc, 'place')!.name).toBe('Place');
  });

  it('counts archived labels as taken, and says to restore them', () => {
    const doc = sourceDoc(text);
    run(doc, { type: 'label.edit', labelId: 'question', archived: true });
    const error = refusal(() => run(doc, { type: 'label.create', name: 'question', color: '#123456' }));
    expect(error.message).toBe('a label named "Question" already exists (archived: restore it instead)');
  });

  it('lets a label change the case of its own name, or keep it while other fields change', () => {
    const doc = sourceDoc(text);
    run(doc, { type: 'label.edit', labelId: 'claim', name: 'CLAIM' });
    run(doc, { type: 'label.edit', labelId: 'claim', name: 'CLAIM', color: '#000000' });
    expect(label(doc, 'claim')).toMatchObject({ name: 'CLAIM', color: '#000000' });
  });

  it('does not lock a document that already holds two labels alike (written by another client)', () => {
    const doc = sourceDoc(text);
    labelsMap(doc).set('claim-2', { name: 'claim', color: '#111111', description: '' });
    run(doc, { type: 'label.edit', labelId: 'claim-2', color: '#222222', name: 'claim' });
    run(doc, { type: 'label.edit', labelId: 'claim-2', name: 'Claim (old)' });
    expect(label(doc, 'claim-2')).toMatchObject({ name: 'Claim (old)', color: '#222222' });
  });

  it('answers a retried create with the label it made, and refuses another label on the same id', () => {
    const doc = sourceDoc(text);
    const create = { type: 'label.create', id: 'date', name: 'Date', color: '#336699' } as const;
    expect(run(doc, create)).toMatchObject({ labelId: 'date', changed: true });
    expect(run(doc, create)).toMatchObject({ labelId: 'date', changed: false });
    expect(refusal(() => run(doc, { ...create, color: '#000000' })).message).toBe('a label with id "date" already exists');
    expect(label(doc, 'date')).toEqual({ id: 'date', name: 'Date', color: '#336699', description: '', archived: false });
  });
});

describe('who changes labels', () => {
  it('editors and owners create, edit and archive; commenters and viewers are refused with forbidden', () => {
    const doc = sourceDoc(text);
    run(doc, { type: 'label.create', id: 'date', name: 'Date', color: '#336699' }, alice);
    run(doc, { type: 'label.edit', labelId: 'date', archived: true }, olga);
    expect(label(doc, 'date')!.archived).toBe(true);
    for (const actor of [carol, victor]) {
      expect(may(actor, 'label.edit')).toBe(false);
      const error = refusal(() => run(doc, { type: 'label.edit', labelId: 'date', archived: false }, actor));
      expect(error).toMatchObject({ kind: 'forbidden', code: 'forbidden' });
      expect(refusal(() => run(doc, { type: 'label.create', name: 'Time', color: '#336699' }, actor)).code).toBe('forbidden');
    }
    expect(label(doc, 'date')!.archived).toBe(true);
    expect(may(alice, 'label.edit') && may(olga, 'label.create')).toBe(true);
  });

  it('refuses a non-boolean archived at validation, naming the field', () => {
    const doc = sourceDoc(text);
    expect(() => run(doc, { type: 'label.edit', labelId: 'claim', archived: 'yes' as unknown as boolean })).toThrow(/archived/);
  });
});
