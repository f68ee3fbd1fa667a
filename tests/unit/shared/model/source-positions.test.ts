// Reading many anchors at once (SourcePositions) gives exactly what Yjs gives for each alone, for
// positions taken at any moment of a text edited by two people whose edits merge.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SourcePositions, encodeAnchor, resolveAnchor } from '../../../../shared/model/anchors.js';
import { sourceText } from '../../../../shared/model/layout.js';
import { replica, sourceDoc, sync } from '../../../support/model-docs.js';

const step = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), who: fc.nat({ max: 1 }), at: fc.nat(), text: fc.constantFrom('a', 'bc', ' the ', '\n', 'xyz') }),
  fc.record({ kind: fc.constant('delete' as const), who: fc.nat({ max: 1 }), at: fc.nat(), length: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ kind: fc.constant('anchor' as const), who: fc.nat({ max: 1 }), at: fc.nat(), length: fc.nat({ max: 5 }) }),
  fc.record({ kind: fc.constant('sync' as const) }),
);

describe('SourcePositions', () => {
  it('resolves every anchor to the range Yjs resolves it to, whatever was inserted, deleted and merged since', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 40 }), (steps) => {
        const first = sourceDoc('The committee met in Almaty.');
        const docs = [first, replica(first)];
        const anchors: { start: Uint8Array; end: Uint8Array }[] = [];
        for (const s of steps) {
          if (s.kind === 'sync') {
            sync(docs[0]!, docs[1]!);
            continue;
          }
          const text = sourceText(docs[s.who]!);
          const at = s.at % (text.length + 1);
          if (s.kind === 'insert') text.insert(at, s.text);
          else if (s.kind === 'delete') text.delete(at, Math.min(s.length, text.length - at));
          else anchors.push(encodeAnchor(text, at, Math.min(text.length, at + s.length)));
        }
        sync(docs[0]!, docs[1]!);
        for (const doc of docs) {
          const positions = new SourcePositions(doc);
          for (const anchor of anchors) expect(resolveAnchor(doc, anchor, positions)).toEqual(resolveAnchor(doc, anchor));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives no range for a position outside the text, as Yjs gives none', () => {
    const doc = sourceDoc('The committee met.');
    const other = doc.getArray<string>('elsewhere');
    other.push(['x', 'y']);
    const outside = Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(other, 1));
    const inside = encodeAnchor(sourceText(doc), 0, 3);
    const positions = new SourcePositions(doc);
    expect(resolveAnchor(doc, { start: outside, end: inside.end }, positions)).toBeNull();
    expect(resolveAnchor(doc, { start: outside, end: inside.end })).toBeNull();
  });
});
