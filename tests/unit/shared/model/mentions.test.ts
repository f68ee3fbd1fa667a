import { describe, expect, it } from 'vitest';
import { findMentions, knownPeople, mentions } from '../../../../shared/model/mentions.js';

const ana = { id: 'u-ana', name: 'Ana', color: '#c2255c' };
const anaLopez = { id: 'u-al', name: 'Ana Lopez', color: '#1971c2' };
const ben = { id: 'u-ben', name: 'Ben', color: '#2f9e44' };

describe('mentions', () => {
  it('finds "@Name" of known people, the longest name first, any case', () => {
    const body = 'Thanks @ana lopez and @Ben, cc @Ana.';
    expect(findMentions(body, [ana, anaLopez, ben]).map((m) => [body.slice(m.start, m.end), m.person.id])).toEqual([
      ['@ana lopez', 'u-al'],
      ['@Ben', 'u-ben'],
      ['@Ana', 'u-ana'],
    ]);
  });

  it('ignores e-mail addresses, longer words and unknown names', () => {
    expect(findMentions('mail ana@ben.org or @Benjamin or @Zed', [ana, ben])).toEqual([]);
  });

  it('tells whether any comment mentions a person', () => {
    expect(mentions(['no one', 'over to you, @Ben'], ben)).toBe(true);
    expect(mentions(['@Bent'], ben)).toBe(false);
  });

  it('lists everyone who wrote, once, without deleted comments', () => {
    const people = knownPeople([
      {
        author: ana,
        comments: [
          { author: ben, deleted: false },
          { author: anaLopez, deleted: true },
        ],
      },
      { author: ben, comments: [] },
    ]);
    expect(people.map((p) => p.id)).toEqual(['u-ana', 'u-ben']);
  });
});
