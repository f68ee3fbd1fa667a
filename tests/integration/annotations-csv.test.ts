// CSV export over HTTP on the multilingual sample: read back with a strict RFC 4180 parser, every
// cell checked against the JSON API and the W3C export, offsets in code points; format errors; access.

import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { TEST_SECRET, signToken } from '../support/tokens.js';
import { startTestServer } from '../support/test-server.js';

const text = readFileSync(new URL('../fixtures/unicode-sample.txt', import.meta.url), 'utf8');
const title = 'Полевые заметки: «дело» 🇰🇿';
const header = [
  'document',
  'annotation id',
  'quote',
  'start',
  'end',
  'labels',
  'author',
  'created',
  'status',
  'comment id',
  'comment author',
  'comment body',
  'comment created',
];

// Written with everything a CSV writer can get wrong: separators, quotes, line breaks, astral characters.
const awkward = 'Commas, "quotes" and\nline breaks;\r\nalso 𝔘𝔫𝔦 and 👩🏽‍⚖️, end';
const formula = '=HYPERLINK("http://example.invalid","click")';

interface Person {
  id: string;
  name: string;
}
interface CommentJson {
  id: string;
  author: Person;
  body: string;
  createdAt: string;
  deleted: boolean;
}
interface AnnotationJson {
  id: string;
  quote: string;
  labels: string[];
  author: Person;
  createdAt: string;
  status: string;
  comments: CommentJson[];
}
interface W3CItem {
  id: string;
  target: { selector: { type: string; start?: number; end?: number }[] };
}

/** What a spreadsheet must be kept from running, per OWASP; the export prefixes an apostrophe. */
const guarded = (cell: string) => (/^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(cell) ? `'${cell}` : cell);

describe('annotations as CSV', async () => {
  const server = await startTestServer({ GLOSSA_SECRET: TEST_SECRET });
  const token = {
    olga: await signToken({ sub: 'olga', name: 'Ольга', role: 'editor' }),
    vic: await signToken({ sub: 'vic', name: 'Vic Viewer' }),
    sam: await signToken({ sub: 'sam', name: 'Sam' }),
  };
  const call = async (who: keyof typeof token, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token[who]}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.status === 204 ? null : ((await res.json()) as Record<string, unknown>);
  };

  const created = (await call('olga', 'POST', '/api/documents', { title, text }))!;
  const base = `/api/documents/${created.id as string}`;
  await call('olga', 'PUT', `${base}/access/people/vic`, { role: 'viewer' });
  await call('olga', 'POST', `${base}/labels`, { id: 'place-ru', name: 'Место, "город"', color: '#336699' });
  await call('olga', 'POST', `${base}/labels`, { id: 'minus', name: '-negative', color: '#993333' });
  const annotate = async (phrase: string, extra: Record<string, unknown> = {}) => {
    const start = text.indexOf(phrase);
    expect(start).toBeGreaterThanOrEqual(0);
    const res = await call('olga', 'POST', `${base}/annotations`, { start, end: start + phrase.length, ...extra });
    return (res!.annotation as { id: string }).id;
  };
  const flag = await annotate('🇰🇿', { labels: ['place', 'place-ru'], comment: awkward });
  await call('olga', 'POST', `${base}/annotations/${flag}/comments`, { id: 'formula', body: formula });
  await call('olga', 'POST', `${base}/annotations/${flag}/comments`, { id: 'deleted', body: 'This one was withdrawn' });
  await call('olga', 'DELETE', `${base}/annotations/${flag}/comments/deleted`);
  const judge = await annotate('👩🏽‍⚖️', { labels: ['person'] });
  await call('olga', 'PATCH', `${base}/annotations/${judge}`, { status: 'resolved' });
  await annotate('𝔘𝔫𝔦𝔠𝔬𝔡𝔢', { labels: ['minus'], comment: 'Astral letters 𝒷𝑜𝓁𝒹' });
  await annotate('cafe\u0301 (e + U+0301)', { comment: 'combining accent' });
  await annotate('مخيم اللاجئين');
  await annotate('«дело»', { labels: ['claim', 'question'] });

  const csvResponse = await fetch(`${server.url}${base}/annotations?format=csv`, { headers: { authorization: `Bearer ${token.vic}` } });
  const bytes = new Uint8Array(await csvResponse.arrayBuffer());
  const csv = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  // Strict: stray quotes and ragged rows throw, and a line break outside quotes would end a record.
  const records: string[][] = parse(csv, { bom: true, record_delimiter: ['\r\n', '\n', '\r'] });

  it('answers 200 text/csv as an attachment named after the title, ASCII fallback and UTF-8 filename*', () => {
    expect(csvResponse.status).toBe(200);
    expect(csvResponse.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const disposition = csvResponse.headers.get('content-disposition')!;
    expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+\.csv"; filename\*=UTF-8''\S+$/);
    expect(decodeURIComponent(/filename\*=UTF-8''(\S+)$/.exec(disposition)![1]!)).toBe('Полевые заметки_ «дело» 🇰🇿.csv');
  });

  it('starts with a UTF-8 BOM and the header row, with CRLF after every record', () => {
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(records[0]).toEqual(header);
    expect(csv.startsWith(`\uFEFF${header.join(',')}\r\n`)).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/"(?:[^"]|"")*"/g, '').replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
  });

  it('every cell agrees with the JSON API and the W3C export, offsets in code points', async () => {
    const list = (await call('olga', 'GET', `${base}/annotations`)) as { annotations: AnnotationJson[]; labels: { id: string; name: string }[] };
    const w3c = (await call('olga', 'GET', `${base}/annotations?format=w3c`)) as { items: W3CItem[] };
    const labelName = new Map(list.labels.map((l) => [l.id, l.name]));
    const position = new Map(w3c.items.map((item) => [item.id.split('/').pop()!, item.target.selector.find((s) => s.type === 'TextPositionSelector')!]));
    const expected = list.annotations.flatMap((a) => {
      const { start, end } = position.get(a.id)!;
      const cells = [
        title,
        a.id,
        a.quote,
        String(start),
        String(end),
        a.labels.map((id) => labelName.get(id)!).join('; '),
        a.author.name,
        a.createdAt,
        a.status,
      ];
      return [[...cells, '', '', '', ''], ...a.comments.filter((c) => !c.deleted).map((c) => [...cells, c.id, c.author.name, c.body, c.createdAt])].map((row) =>
        row.map(guarded),
      );
    });
    expect(list.annotations).toHaveLength(6);
    expect(records.slice(1)).toEqual(expected);
    for (const row of records.slice(1)) {
      expect(Array.from(text).slice(Number(row[3]), Number(row[4])).join('')).toBe(row[2]);
    }
  });

  it('keeps what people wrote, and guards formulas with an apostrophe', () => {
    const flagRows = records.filter((r) => r[2] === '🇰🇿');
    expect(flagRows.map((r) => r[9])).toEqual(['', expect.any(String), 'formula']);
    expect(flagRows[0]!.slice(3, 9)).toEqual([
      String(Array.from(text.slice(0, text.indexOf('🇰🇿'))).length),
      expect.any(String),
      'Place; Место, "город"',
      'Ольга',
      expect.any(String),
      'open',
    ]);
    expect(Number(flagRows[0]![4]) - Number(flagRows[0]![3])).toBe(2);
    expect(flagRows[1]![11]).toBe(awkward);
    expect(flagRows[2]![11]).toBe(`'${formula}`);
    expect(records.find((r) => r[2] === '𝔘𝔫𝔦𝔠𝔬𝔡𝔢')![5]).toBe(`'-negative`);
    expect(records.find((r) => r[2] === '👩🏽‍⚖️')![8]).toBe('resolved');
    expect(records.flat()).not.toContain('This one was withdrawn');
    expect(records.some((r) => r[9] === 'deleted')).toBe(false);
    expect(records).toHaveLength(1 + 6 + 4);
  });

  it.each(['xml', '', 'CSV', 'csv,json'])('answers 400 invalid_field for format=%j', async (format) => {
    const res = await fetch(`${server.url}${base}/annotations?format=${encodeURIComponent(format)}`, { headers: { authorization: `Bearer ${token.vic}` } });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: 'invalid_field', message: 'format: must be one of json, w3c, csv' } });
  });

  it('format=json is the plain listing', async () => {
    const res = await fetch(`${server.url}${base}/annotations?format=json`, { headers: { authorization: `Bearer ${token.vic}` } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { annotations: unknown[] }).annotations).toHaveLength(6);
  });

  it('someone without access, or an unknown document, gets 404', async () => {
    const noAccess = await fetch(`${server.url}${base}/annotations?format=csv`, { headers: { authorization: `Bearer ${token.sam}` } });
    expect(noAccess.status).toBe(404);
    const unknown = await fetch(`${server.url}/api/documents/no-such-document/annotations?format=csv`, { headers: { authorization: `Bearer ${token.olga}` } });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('document_not_found');
  });
});
