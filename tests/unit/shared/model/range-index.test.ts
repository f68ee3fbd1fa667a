// The history recorder's index of ranges gives, splice after splice, exactly what moving each range
// on its own (shiftRange) gives: the same ranges moved, the same ones touched.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RangeIndex } from '../../../../shared/model/history/range-index.js';
import { type Range, shiftRange } from '../../../../shared/model/history/text-splices.js';

const range = fc.tuple(fc.nat({ max: 2000 }), fc.nat({ max: 60 })).map(([start, length]): Range => ({ start, end: start + length }));
const splice = fc.record({ at: fc.nat({ max: 2100 }), delete: fc.nat({ max: 40 }), insert: fc.string({ maxLength: 30 }) });

describe('RangeIndex', () => {
  it('moves and takes out ranges exactly as moving each one alone does', () => {
    fc.assert(
      fc.property(fc.array(range, { minLength: 100, maxLength: 400 }), fc.array(splice, { minLength: 5, maxLength: 60 }), (ranges, splices) => {
        const index = new RangeIndex();
        const alone = new Map<string, Range>();
        ranges.forEach((r, i) => {
          index.set(`a${i}`, r);
          alone.set(`a${i}`, r);
        });
        for (const s of splices) {
          const touched: string[] = [];
          for (const [id, r] of alone) {
            const moved = shiftRange(r, s);
            if (moved) alone.set(id, moved);
            else touched.push(id);
          }
          for (const id of touched) alone.delete(id);
          expect(index.splice(s).sort()).toEqual(touched.sort());
        }
        for (const [id, r] of alone) expect(index.get(id)).toEqual(r);
        expect(ranges.map((_, i) => index.get(`a${i}`)).filter(Boolean)).toHaveLength(alone.size);
      }),
      { numRuns: 300 },
    );
  });
});
