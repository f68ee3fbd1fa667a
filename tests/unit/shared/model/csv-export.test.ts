// The CSV export as a pure function: rows, code point offsets, RFC 4180 output read back strictly, the formula guard.

import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvColumns, toCsv, toCsvRows } from '../../../../shared/model/csv-export.js';
import { readLabels } from '../../../../shared/model/labels.js';
import { sourceText } from '../../../../shared/model/layout.js';
import { readAnnotations } from '../../../../shared/model/read-annotations.js';
import type { AnnotationView, CommentView } from '../../../../shared/model/types.js';
import { bob, replica, run, sourceDoc, sync } from '../../../support/model-docs.js';

const text = 'Astral 𝔘𝔫𝔦 then 👩🏽‍⚖️ and Almaty, the old capital.';
const at = (phrase: string) => ({ start: text.indexOf(phrase), end: text.indexOf(phrase) + phrase.length });
const cpStart = (phrase: string) => Array.from(text.slice(0, text.indexOf(phrase))).length;

/** Parses strictly (csv-parse's defaults refuse stray quotes and ragged rows); any line break outside quotes ends a record. */
const readBack = (csv: string): string[][] => parse(csv, { bom: true, record_delimiter: ['\r\n', '\n', '\r'] });
/** True when every line break outside a quoted field is CRLF. */
const crlfOnly = (csv: string) => !/[\r\n]/.test(csv.replace(/"(?:[^"]|"")*"/g, '').replaceAll('\r\n', ''));

const ana = { id: 'u-ana', name: 'Ana', color: '#000000' };
const comment = (id: string, body: string, deleted = false): CommentView => ({
  id,
  author: ana,
  body,
  createdAt: '2026-01-02T03:04:05.000Z',
  editedAt: null,
  deleted,
});
const view = (over: Partial<AnnotationView>): AnnotationView => ({
  id: 'a',
  start: 0,
  end: 1,
  detached: false,
  quote: 'x',
  prefix: '',
  suffix: '',
  labels: [],
  author: ana,
  createdAt: '2026-01-01T00:00:00.000Z',
  status: 'open',
  resolvedBy: null,
  resolvedAt: null,
  comments: [],
  ...over,
});

describe('CSV export', () => {
  it('gives an annotation row, then a row per live comment repeating the annotation, with label names and code point offsets', () => {
    const doc = sourceDoc(text);
    run(doc, { type: 'annotation.create', id: 'astral', ...at('𝔫𝔦'), labels: ['place', 'claim'], comment: 'First' });
    run(doc, { type: 'comment.add', annotationId: 'astral', id: 'gone', body: 'Deleted later' });
    run(doc, { type: 'comment.add', annotationId: 'astral', id: 'kept', body: 'Second' }, bob);
    run(doc, { type: 'comment.delete', annotationId: 'astral', commentId: 'gone' });
    run(doc, { type: 'annotation.create', id: 'plain', ...at('Almaty') });
    run(doc, { type: 'annotation.resolve', annotationId: 'plain' });

    const rows = toCsvRows(readAnnotations(doc), { title: 'Notes', text: sourceText(doc).toString(), labels: readLabels(doc) });
    const astral = { document: 'Notes', 'annotation id': 'astral', quote: '𝔫𝔦', start: String(cpStart('𝔫𝔦')), end: String(cpStart('𝔫𝔦') + 2) };
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatchObject({ ...astral, labels: 'Place; Claim', author: 'Alice', status: 'open', 'comment id': '', 'comment body': '' });
    expect(rows[1]).toMatchObject({ ...astral, 'comment author': 'Alice', 'comment body': 'First' });
    expect(rows[2]).toMatchObject({ ...astral, 'comment id': 'kept', 'comment author': 'Bob', 'comment body': 'Second' });
    expect(rows[3]).toMatchObject({ 'annotation id': 'plain', quote: 'Almaty', start: String(cpStart('Almaty')), status: 'resolved', labels: '' });
    expect(Array.from(text).slice(Number(rows[3]!.start), Number(rows[3]!.end)).join('')).toBe('Almaty');
    expect(rows.some((r) => r['comment body'] === 'Deleted later')).toBe(false);
  });

  it('leaves start and end empty for a detached annotation, which has only its quote', () => {
    const a = sourceDoc(text);
    run(a, { type: 'annotation.create', id: 'd', ...at('Almaty') });
    const b = replica(a);
    sourceText(b).delete(at('Almaty').start, 'Almaty'.length);
    sync(a, b);
    const [row] = toCsvRows(readAnnotations(a), { title: 'T', text: sourceText(a).toString(), labels: readLabels(a) });
    expect(row).toMatchObject({ quote: 'Almaty', start: '', end: '' });
  });

  it('names a label that no longer exists by its id', () => {
    const [row] = toCsvRows([view({ labels: ['gone-label'] })], { title: 'T', text: 'x', labels: [] });
    expect(row!.labels).toBe('gone-label');
  });

  it('writes RFC 4180 with a BOM and CRLF, and reads back cell for cell', () => {
    const awkward = 'a, "quoted"\nsecond line\r\nthird 𝔘 👩🏽‍⚖️';
    const lines = 'only\nline breaks';
    const comments = [comment('c1', awkward), comment('c2', lines)];
    const csv = toCsv([view({ quote: 'x', comments })], { title: 'Report, "final"', text: 'x', labels: [] });
    expect(csv.startsWith('\uFEFFdocument,annotation id,quote,start,end,')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(crlfOnly(csv)).toBe(true);
    expect(csv).toContain('"a, ""quoted""\nsecond line\r\nthird 𝔘 👩🏽‍⚖️"');
    const [header, annotationRow, commentRow, linesRow, ...rest] = readBack(csv);
    expect(header).toEqual([...csvColumns]);
    expect(rest).toEqual([]);
    expect(annotationRow).toEqual(['Report, "final"', 'a', 'x', '0', '1', '', 'Ana', '2026-01-01T00:00:00.000Z', 'open', '', '', '', '']);
    expect(commentRow!.slice(9)).toEqual(['c1', 'Ana', awkward, '2026-01-02T03:04:05.000Z']);
    expect(linesRow![11]).toBe(lines);
  });

  it('an empty document gives the header row alone', () => {
    expect(toCsv([], { title: 'T', text: '', labels: [] })).toBe(`\uFEFF${csvColumns.join(',')}\r\n`);
  });

  it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx', '＝1', '＋1', '－1', '＠x'])(
    'puts an apostrophe before a cell starting %j, so a spreadsheet shows it instead of running it',
    (danger) => {
      const csv = toCsv([view({ quote: danger, comments: [comment('c', danger)] })], { title: danger, text: 'x', labels: [] });
      const [, annotationRow, commentRow] = readBack(csv);
      expect(annotationRow![0]).toBe(`'${danger}`);
      expect(annotationRow![2]).toBe(`'${danger}`);
      expect(commentRow![11]).toBe(`'${danger}`);
    },
  );

  it('leaves cells that merely contain those characters alone', () => {
    const csv = toCsv([view({ quote: 'a=b -c @d' })], { title: 'T', text: 'x', labels: [] });
    expect(readBack(csv)[1]![2]).toBe('a=b -c @d');
  });
});
