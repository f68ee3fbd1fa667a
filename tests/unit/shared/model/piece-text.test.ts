// The history's text under splices: the same as splicing one string, whatever the splices.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PieceText } from '../../../../shared/model/history/piece-text.js';
import { applySplice } from '../../../../shared/model/history/text-splices.js';

describe('PieceText', () => {
  it('gives what splicing the string itself gives, in blocks of any size', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 9000 }),
        fc.array(fc.record({ at: fc.nat(), delete: fc.nat({ max: 5000 }), insert: fc.string({ maxLength: 3000 }) }), { minLength: 10, maxLength: 80 }),
        fc.constantFrom({ piece: 2048, block: 64 }, { piece: 7, block: 3 }, { piece: 1, block: 1 }),
        (text, raw, sizes) => {
          const pieces = new PieceText(text, sizes);
          let expected = text;
          for (const r of raw) {
            // A splice lies within the text as it is then.
            const at = r.at % (expected.length + 1);
            const splice = { at, delete: Math.min(r.delete, expected.length - at), insert: r.insert };
            pieces.splice(splice);
            expected = applySplice(expected, splice);
          }
          expect(pieces.toString()).toBe(expected);
        },
      ),
      { numRuns: 400 },
    );
  });
});
