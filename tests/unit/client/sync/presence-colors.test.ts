import { describe, expect, it } from 'vitest';
import { distinctColors } from '../../../../client/sync/presence-colors.js';

const palette = ['#111111', '#222222', '#333333'];

describe('presence colours', () => {
  it('keeps each chosen colour while it is free', () => {
    const colors = distinctColors(
      [
        { clientId: 5, id: 'a', color: '#222222' },
        { clientId: 9, id: 'b', color: '#111111' },
      ],
      palette,
    );
    expect([...colors]).toEqual([
      ['a', '#222222'],
      ['b', '#111111'],
    ]);
  });

  it('on a clash, moves the higher client id to the first free colour, the same on every client', () => {
    const people = [
      { clientId: 9, id: 'late', color: '#111111' },
      { clientId: 2, id: 'early', color: '#111111' },
      { clientId: 4, id: 'middle', color: '#111111' },
    ];
    const colors = distinctColors(people, palette);
    expect(colors.get('early')).toBe('#111111');
    expect(colors.get('middle')).toBe('#222222');
    expect(colors.get('late')).toBe('#333333');
    expect(distinctColors([...people].reverse(), palette)).toEqual(colors);
  });

  it('gives several tabs of one person one colour', () => {
    const colors = distinctColors(
      [
        { clientId: 1, id: 'a', color: '#111111' },
        { clientId: 3, id: 'b', color: '#111111' },
        { clientId: 7, id: 'a', color: '#111111' },
      ],
      palette,
    );
    expect(colors.get('a')).toBe('#111111');
    expect(colors.get('b')).toBe('#222222');
  });
});
