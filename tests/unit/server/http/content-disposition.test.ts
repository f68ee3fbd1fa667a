// Download names from document titles: a safe ASCII filename, and filename* (RFC 5987) for the real one.

import { describe, expect, it } from 'vitest';
import { attachment } from '../../../../server/http/content-disposition.js';

/** What a browser saves: filename* decoded when present, else the quoted filename. */
function savedName(header: string): string {
  const star = /filename\*=UTF-8''([^;]+)/.exec(header);
  return star ? decodeURIComponent(star[1]!) : /filename="([^"]*)"/.exec(header)![1]!;
}

describe('attachment', () => {
  it('an ASCII title gives a plain filename and no filename*', () => {
    expect(attachment('Field notes 2026', 'csv')).toBe('attachment; filename="Field notes 2026.csv"');
  });

  it('a non-ASCII title gives an ASCII fallback and the real name as UTF-8 in filename*', () => {
    const header = attachment('Алматы — 👩🏽‍⚖️ notes', 'csv');
    expect(header).toMatch(/^attachment; filename="[\x20-\x7e]+\.csv"; filename\*=UTF-8''[A-Za-z0-9%!#$&+.^_`|~-]+$/);
    expect(savedName(header)).toBe('Алматы — 👩🏽‍⚖️ notes.csv');
  });

  it.each([
    ['a "quoted" title', 'a _quoted_ title.csv'],
    ['back\\slash', 'back_slash.csv'],
    ['../../etc/passwd', '.._.._etc_passwd.csv'],
    ['line\r\nbreak', 'line__break.csv'],
    ['a:b*c?d<e>f|g', 'a_b_c_d_e_f_g.csv'],
  ])('%j cannot break the header or name a path: %j', (title, name) => {
    const header = attachment(title, 'csv');
    expect(header).not.toMatch(/[\r\n]/);
    expect(savedName(header)).toBe(name);
  });

  it.each([
    ['Zoë — café', 'Zoe _ cafe.csv'],
    ['Полевые заметки', 'export.csv'],
    ['Notes ＂／＂ full-width', 'Notes ___ full-width.csv'],
  ])('the ASCII fallback for %j is %j', (title, fallback) => {
    const header = attachment(title, 'csv');
    expect(/filename="([^"]*)"/.exec(header)![1]).toBe(fallback);
    expect(savedName(header)).toBe(`${title}.csv`);
  });

  it("escapes the characters encodeURIComponent leaves but RFC 5987 does not allow: ' ( ) *", () => {
    const header = attachment("Zoë's (draft)", 'csv');
    expect(header).toContain("filename*=UTF-8''Zo%C3%AB%27s%20%28draft%29.csv");
  });

  it('a lone surrogate does not throw', () => {
    expect(savedName(attachment('bad \ud800 title', 'csv'))).toBe('bad _ title.csv');
  });

  it('a very long title is cut without splitting a character', () => {
    const name = savedName(attachment('𝔘'.repeat(500), 'csv'));
    expect(name).toBe(`${'𝔘'.repeat(120)}.csv`);
  });
});
