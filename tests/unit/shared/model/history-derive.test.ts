// A document's record replayed as the history worker will: each change told with who made it and
// when, and the state as of any moment, read from the checkpoint before it and the effects since,
// equal to the document replayed up to that moment.

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type RecordedUpdate, deriveHistory, stateAsOf } from '../../../../shared/model/history/derive-history.js';
import { stateOf } from '../../../../shared/model/history/history-state.js';
import { sourceText } from '../../../../shared/model/layout.js';
import { alice, bob, replica, run, sourceDoc } from '../../../support/model-docs.js';

const text = 'The National Security Committee met in Almaty. Refugees were expelled in March.';
const at = (phrase: string) => ({ start: text.indexOf(phrase), end: text.indexOf(phrase) + phrase.length });
const time = (minute: number) => `2026-12-08T10:${String(minute).padStart(2, '0')}:00.000Z`;

describe('deriving the history from the record', () => {
  const doc = sourceDoc(text);
  const base = Y.encodeStateAsUpdate(doc);
  const records: RecordedUpdate[] = [];
  let author: RecordedUpdate['author'] = null;
  doc.on('update', (update: Uint8Array) => records.push({ id: records.length + 1, at: time(records.length + 1), author, update }));
  const as = (who: typeof alice, fn: () => void) => {
    author = { id: who.id, name: who.name };
    fn();
  };
  as(alice, () => run(doc, { type: 'annotation.create', id: 'nsc', ...at('National Security Committee'), labels: ['organisation'] }));
  as(bob, () => {
    const editor = replica(doc);
    sourceText(editor).insert(0, 'Draft: ');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(editor, Y.encodeStateVector(doc)));
  });
  as(bob, () => run(doc, { type: 'annotation.setLabels', annotationId: 'nsc', labels: ['evidence'] }, bob));
  as(alice, () => run(doc, { type: 'comment.add', annotationId: 'nsc', id: 'c1', body: 'Which committee?' }));
  as(bob, () => run(doc, { type: 'annotation.resolve', annotationId: 'nsc' }, bob));
  as(alice, () => run(doc, { type: 'annotation.delete', annotationId: 'nsc' }));
  const history = deriveHistory(base, time(0), records, 2);

  it('tells every change with who made it and when', () => {
    expect(history.changes.map((c) => [c.at, c.author?.name, c.lines.map((l) => l.text)])).toEqual([
      [time(1), 'Alice', ['highlighted “National Security Committee” as Organisation']],
      [time(2), 'Bob', ['edited the text (7 characters added)']],
      [time(3), 'Bob', ['labelled “National Security Committee” as Evidence (was Organisation)']],
      [time(4), 'Alice', ['commented on “National Security Committee”']],
      [time(5), 'Bob', ['resolved the thread on “National Security Committee”']],
      [time(6), 'Alice', ['deleted the annotation on “National Security Committee”']],
    ]);
    expect(history.checkpoints.map((c) => c.afterRecord)).toEqual([0, 2, 4, 6]);
  });

  it('gives the state as of each moment as the document replayed up to it has it', () => {
    for (let minute = 0; minute <= records.length; minute++) {
      const replayed = new Y.Doc();
      Y.applyUpdate(replayed, base);
      for (const record of records.slice(0, minute)) Y.applyUpdate(replayed, record.update);
      const expected = stateOf(replayed);
      const got = stateAsOf(history, time(minute));
      expect(got.text).toBe(expected.text);
      expect([...got.annotations.values()]).toEqual([...expected.annotations.values()]);
      expect([...got.labels.values()]).toEqual([...expected.labels.values()]);
    }
  });
});
