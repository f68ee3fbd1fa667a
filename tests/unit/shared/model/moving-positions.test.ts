// The positions state-at.ts moves through splices: the same as moving each one alone, through adds,
// removes and splices in any order (blocks splitting and emptying on the way).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Entry, MovingPositions } from '../../../../shared/model/history/moving-positions.js';

const op = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), value: fc.nat({ max: 5000 }) }),
  fc.record({ kind: fc.constant('remove' as const), which: fc.nat() }),
  fc.record({ kind: fc.constant('splice' as const), at: fc.nat({ max: 5000 }), delete: fc.nat({ max: 60 }), insert: fc.nat({ max: 60 }) }),
);

describe('MovingPositions', () => {
  it('reads every position as moving each alone would', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 5000 }), { minLength: 200, maxLength: 600 }), fc.array(op, { minLength: 20, maxLength: 400 }), (initial, ops) => {
        const positions = new MovingPositions(initial);
        const alone: { entry: Entry; value: number }[] = positions.placed.map((entry, i) => ({ entry, value: initial[i]! }));
        for (const o of ops) {
          if (o.kind === 'add') alone.push({ entry: positions.add(o.value), value: o.value });
          else if (o.kind === 'remove' && alone.length > 0) positions.remove(alone.splice(o.which % alone.length, 1)[0]!.entry);
          else if (o.kind === 'splice') {
            // As state-at.ts does: the positions a splice touches are taken out first; the rest move past it.
            const after = o.at + o.delete;
            for (let i = alone.length - 1; i >= 0; i--) if (alone[i]!.value >= o.at && alone[i]!.value <= after) positions.remove(alone.splice(i, 1)[0]!.entry);
            positions.shift(after, o.insert - o.delete);
            for (const a of alone) if (a.value > after) a.value += o.insert - o.delete;
          }
        }
        for (const a of alone) expect(positions.read(a.entry)).toBe(a.value);
      }),
      { numRuns: 300 },
    );
  });
});
