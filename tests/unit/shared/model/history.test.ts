// The state as of each recorded moment, rebuilt from a checkpoint and the effects since with no
// Y.Doc, equals the document's own state at that moment: over random commands by the server and raw
// updates by two editors' clients (text typed and deleted, labels and fields written), merged at
// random moments.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { CommandInput } from '../../../../shared/model/commands.js';
import { recordHistory } from '../../../../shared/model/history/history-recorder.js';
import { type HistoryEffect, type HistoryState, applyEffect, stateOf } from '../../../../shared/model/history/history-state.js';
import { annotationsMap, labelsMap, sourceText } from '../../../../shared/model/layout.js';
import { readAnnotations } from '../../../../shared/model/read-annotations.js';
import { stateAt } from '../../../../shared/model/history/state-at.js';
import { alice, bob, replica, run, sourceDoc, sync } from '../../../support/model-docs.js';

const text = 'The National Security Committee met in Almaty.\nRefugees were expelled in March.\n';

const step = fc.oneof(
  fc.record({
    kind: fc.constant('create' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 12 }),
    label: fc.constantFrom('claim', 'person', 'place'),
  }),
  fc.record({
    kind: fc.constant('command' as const),
    which: fc.nat(),
    type: fc.constantFrom('setLabels', 'setRange', 'resolve', 'reopen', 'delete', 'restore', 'comment', 'editComment', 'deleteComment', 'label'),
    at: fc.nat(),
  }),
  fc.record({
    kind: fc.constant('type' as const),
    editor: fc.nat({ max: 1 }),
    at: fc.nat(),
    insert: fc.constantFrom('x', ' new ', '\n', '😀'),
    remove: fc.nat({ max: 6 }),
  }),
  // Edits right at a highlight's ends, where relative positions and offsets could part.
  fc.record({
    kind: fc.constant('edge' as const),
    editor: fc.nat({ max: 1 }),
    which: fc.nat(),
    end: fc.boolean(),
    insert: fc.constantFrom('', 'y', 'zz'),
    remove: fc.nat({ max: 3 }),
  }),
  fc.record({
    kind: fc.constant('raw' as const),
    editor: fc.nat({ max: 1 }),
    which: fc.nat(),
    field: fc.constantFrom('label', 'status', 'quote', 'labelName'),
  }),
  fc.record({ kind: fc.constant('sync' as const), editor: fc.nat({ max: 1 }) }),
);

type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

const plain = (state: HistoryState) => ({
  text: state.text,
  annotations: [...state.annotations.values()].sort((a, b) => (a.id < b.id ? -1 : 1)),
  labels: [...state.labels.values()].sort((a, b) => (a.id < b.id ? -1 : 1)),
});

/** A code-point boundary of the text at or before `n`, so ranges never split a surrogate pair. */
function boundary(doc: Y.Doc, n: number): number {
  const current = sourceText(doc).toString();
  let at = n % (current.length + 1);
  if (at > 0 && at < current.length && (current.charCodeAt(at) & 0xfc00) === 0xdc00) at--;
  return at;
}

function play(server: Y.Doc, editors: Y.Doc[], s: Step, counter: { n: number }): void {
  const ids = [...annotationsMap(server).keys()].sort();
  const pick = (n: number) => (ids.length ? ids[n % ids.length]! : 'none');
  const tryRun = (input: CommandInput, actor = alice) => {
    try {
      run(server, input, actor);
    } catch {
      // A command the model refuses (an id no longer there, a comment not yet deleted) changes nothing.
    }
  };
  if (s.kind === 'create') {
    const start = boundary(server, s.at);
    const end = boundary(server, start + s.length);
    if (end > start) tryRun({ type: 'annotation.create', id: `a${counter.n++}`, start, end, labels: [s.label] }, counter.n % 2 ? alice : bob);
  } else if (s.kind === 'command') {
    const annotationId = pick(s.which);
    const commands: Record<typeof s.type, CommandInput> = {
      setLabels: { type: 'annotation.setLabels', annotationId, labels: s.at % 2 ? ['evidence'] : ['claim', 'question'] },
      setRange: { type: 'annotation.setRange', annotationId, start: boundary(server, s.at), end: boundary(server, boundary(server, s.at) + 5) },
      resolve: { type: 'annotation.resolve', annotationId },
      reopen: { type: 'annotation.reopen', annotationId },
      delete: { type: 'annotation.delete', annotationId },
      restore: { type: 'annotation.restore', annotationId: `a${s.which % Math.max(1, counter.n)}` },
      comment: { type: 'comment.add', annotationId, id: `c${s.at % 3}`, body: `Comment ${s.at}` },
      editComment: { type: 'comment.edit', annotationId, commentId: `c${s.at % 3}`, body: `Edited ${s.at}` },
      deleteComment: { type: 'comment.delete', annotationId, commentId: `c${s.at % 3}` },
      label: { type: 'label.create', id: `l${s.at % 4}`, name: `Label ${s.at % 4}`, color: '#123456' },
    };
    tryRun(commands[s.type]);
  } else if (s.kind === 'type') {
    const editor = editors[s.editor]!;
    const at = boundary(editor, s.at);
    const edited = sourceText(editor);
    editor.transact(() => {
      const remove = boundary(editor, at + s.remove) - at;
      if (remove > 0) edited.delete(at, remove);
      edited.insert(at, s.insert);
    });
  } else if (s.kind === 'edge') {
    const editor = editors[s.editor]!;
    const views = readAnnotations(editor);
    const view = views[s.which % Math.max(1, views.length)];
    if (!view) return;
    const at = s.end ? view.end : view.start;
    const edited = sourceText(editor);
    editor.transact(() => {
      const remove = Math.max(0, boundary(editor, at + s.remove) - at);
      if (remove > 0) edited.delete(at, remove);
      if (s.insert) edited.insert(at, s.insert);
    });
  } else if (s.kind === 'raw') {
    const editor = editors[s.editor]!;
    const all = [...annotationsMap(editor).keys()].sort();
    const target = all.length ? annotationsMap(editor).get(all[s.which % all.length]!) : undefined;
    if (s.field === 'labelName') labelsMap(editor).set('claim', { name: `Claim ${s.which}`, color: '#e8590c', description: '' });
    else if (!target) return;
    else if (s.field === 'label') (target.get('labels') as Y.Array<string>).push(['place']);
    else if (s.field === 'status') target.set('status', s.which % 2 ? 'resolved' : 'open');
    else target.set('quote', `rewritten ${s.which}`);
  } else {
    sync(editors[s.editor]!, server);
  }
}

/** Records `server` from now on: the checkpoint, each change's effect, and the state after each. */
function recording(server: Y.Doc) {
  const checkpoint = stateOf(server);
  const effects: HistoryEffect[] = [];
  const moments: ReturnType<typeof plain>[] = [];
  recordHistory(server, ({ effect }) => {
    effects.push(effect);
    moments.push(plain(stateOf(server)));
  });
  /** Rebuilds every moment from the checkpoint: in one pass, as a moment is read, and one effect at a time. */
  const expectEveryMomentRebuilt = () => {
    effects.forEach((_, i) => expect(plain(stateAt(checkpoint, effects.slice(0, i + 1)))).toEqual(moments[i]));
    const rebuilt = checkpoint;
    effects.forEach((effect, i) => {
      applyEffect(rebuilt, effect);
      expect(plain(rebuilt)).toEqual(moments[i]);
    });
  };
  return { moments, expectEveryMomentRebuilt };
}

describe('history as checkpoint and effects', () => {
  it('rebuilds the state as of every recorded moment exactly, with no Y.Doc', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 80 }), (steps) => {
        const server = sourceDoc(text);
        const editors = [replica(server), replica(server)];
        const { expectEveryMomentRebuilt } = recording(server);
        const counter = { n: 0 };
        for (const s of steps) play(server, editors, s, counter);
        for (const editor of editors) sync(editor, server);
        expectEveryMomentRebuilt();
      }),
      { numRuns: 300 },
    );
  });

  it('is exact where offsets and relative positions part: text typed at a deleted highlight, alone and concurrently', () => {
    const server = sourceDoc('abcdef');
    run(server, { type: 'annotation.create', id: 'a', start: 2, end: 4, labels: [] });
    const editor = replica(server);
    const { moments, expectEveryMomentRebuilt } = recording(server);
    // Ben types before "c" while the server deletes "cd": his text lands before the deleted characters.
    sourceText(editor).insert(2, 'Y');
    sourceText(server).delete(2, 2);
    sync(editor, server);
    // Typed where the detached highlight is, on the server: it lands after them.
    sourceText(server).insert(3, 'X');
    expect(moments.map((m) => m.annotations.map((a) => [a.start, a.end, a.detached]))).toEqual([[[2, 2, true]], [[3, 3, true]], [[3, 3, true]]]);
    expectEveryMomentRebuilt();
  });

  it('carries a range past a later splice that falls inside an earlier insert', () => {
    const text = 'abcdefghijklmnopqrstuvwxyz';
    const highlight = {
      id: 'a',
      start: 17,
      end: 19,
      detached: false,
      quote: 'rs',
      prefix: '',
      suffix: '',
      labels: [],
      author: alice,
      createdAt: '',
      status: 'open' as const,
      resolvedBy: null,
      resolvedAt: null,
      comments: [],
    };
    const checkpoint: HistoryState = { text, annotations: new Map([['a', highlight]]), labels: new Map() };
    // Ten characters typed after it, then one of them deleted: neither touches it.
    const effects: HistoryEffect[] = [
      { text: [{ at: 20, delete: 0, insert: '0123456789' }], annotations: {}, ranges: {}, labels: {} },
      { text: [{ at: 25, delete: 1, insert: '' }], annotations: {}, ranges: {}, labels: {} },
    ];
    const after = stateAt(checkpoint, effects);
    expect(after.text).toBe('abcdefghijklmnopqrst012346789uvwxyz');
    expect(after.annotations.get('a')).toMatchObject({ start: 17, end: 19 });
    expect(after.text.slice(17, 19)).toBe('rs');
  });
});
