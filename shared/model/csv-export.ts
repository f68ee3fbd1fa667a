// Export as CSV for spreadsheets: one row per annotation, then one row per live comment on it.
// Comment rows repeat the annotation's columns so that sorting or filtering a sheet never
// separates a comment from what it is about; an annotation row has empty comment columns.

import { stringify } from 'csv-stringify/sync';
import { toCodePointOffsets } from './code-points.js';
import type { AnnotationView, Label } from './types.js';

export const csvColumns = [
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
] as const;

export type CsvColumn = (typeof csvColumns)[number];
export type CsvRow = Record<CsvColumn, string>;

export interface CsvExportContext {
  /** The document's title, repeated in every row so that sheets from several documents can be merged. */
  title: string;
  text: string;
  labels: readonly Label[];
}

const noComment = { 'comment id': '', 'comment author': '', 'comment body': '', 'comment created': '' } as const;

/** The rows of the export as plain strings, before CSV quoting and the formula guard. */
export function toCsvRows(annotations: readonly AnnotationView[], ctx: CsvExportContext): CsvRow[] {
  // Offsets count code points, as the W3C export does, so that both exports agree with each other.
  const offsets = toCodePointOffsets(
    ctx.text,
    annotations.flatMap((a) => [a.start, a.end]),
  );
  const labelNames = new Map(ctx.labels.map((l) => [l.id, l.name]));
  return annotations.flatMap((a, i) => {
    const annotation = {
      document: ctx.title,
      'annotation id': a.id,
      quote: a.quote,
      // A detached annotation has no place in the text any more, only the quote it was made on.
      start: a.detached ? '' : String(offsets[2 * i]),
      end: a.detached ? '' : String(offsets[2 * i + 1]),
      labels: a.labels.map((id) => labelNames.get(id) ?? id).join('; '),
      author: a.author.name,
      created: a.createdAt,
      status: a.status,
    };
    const comments = a.comments
      .filter((c) => !c.deleted)
      .map((c) => ({
        ...annotation,
        'comment id': c.id,
        'comment author': c.author.name,
        'comment body': c.body,
        'comment created': c.createdAt,
      }));
    return [{ ...annotation, ...noComment }, ...comments];
  });
}

/**
 * The export as RFC 4180 CSV (CRLF line ends, a header row) with a UTF-8 byte order mark, which is
 * how Excel recognises UTF-8. Any cell that a spreadsheet would run as a formula (it starts with
 * =, +, -, @, tab or CR, or a full-width =, +, - or @) gets a leading apostrophe, as OWASP advises
 * against CSV injection: quotes and comments are written by anyone who may comment.
 */
export function toCsv(annotations: readonly AnnotationView[], ctx: CsvExportContext): string {
  return stringify(toCsvRows(annotations, ctx), {
    bom: true,
    header: true,
    columns: csvColumns,
    record_delimiter: 'windows',
    // Needed for RFC 4180: with a record delimiter given, csv-stringify otherwise leaves a field
    // holding a bare LF or CR (a comment of several lines) unquoted.
    quote_record_delimiter: true,
    escape_formulas: true,
  });
}
