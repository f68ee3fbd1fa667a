import { describe, expect, it } from 'vitest';
import { wordAt } from '../../../../client/controllers/long-press-select.js';

describe('the word under a long press', () => {
  const text = 'the National Security Committee (NSC) — Қазақстан 2005';
  const word = (offset: number) => {
    const w = wordAt(text, offset);
    return w && text.slice(w.start, w.end);
  };

  it('is the whole word around the finger, in any script, digits too', () => {
    expect(word(text.indexOf('Security') + 3)).toBe('Security');
    expect(word(text.indexOf('NSC'))).toBe('NSC');
    expect(word(text.indexOf('Қазақстан') + 8)).toBe('Қазақстан');
    expect(word(text.indexOf('2005') + 1)).toBe('2005');
  });

  it('is nothing on a space or a sign', () => {
    expect(word(text.indexOf(' '))).toBeNull();
    expect(word(text.indexOf('('))).toBeNull();
    expect(word(text.indexOf('—'))).toBeNull();
  });
});
