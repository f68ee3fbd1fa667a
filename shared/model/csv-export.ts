// Export as CSV for spreadsheets: one row per annotation, then one row per live comment on it.
// Comment rows repeat the annotation's columns so that sorting or filtering a sheet never
// separates a comment from what it is about; an annotation row has empty comment columns.

import { spreadsheetCsv } from './csv-text.js';
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

/** The export as spreadsheet CSV (csv-text.ts). */
export function toCsv(annotations: readonly AnnotationView[], ctx: CsvExportContext): string {
  return spreadsheetCsv(toCsvRows(annotations, ctx), csvColumns);
}
