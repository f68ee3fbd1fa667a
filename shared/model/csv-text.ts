// CSV as spreadsheets read it, for every export: RFC 4180 (CRLF line ends, a header row) with a UTF-8
// byte order mark, which is how Excel recognises UTF-8. Any cell that a spreadsheet would run as a
// formula (it starts with =, +, -, @, tab or CR, or a full-width =, +, - or @) gets a leading
// apostrophe, as OWASP advises against CSV injection: what is exported is written by anyone who may comment.

import { stringify } from 'csv-stringify/sync';

export function spreadsheetCsv<C extends string>(rows: readonly Record<C, string>[], columns: readonly C[]): string {
  return stringify([...rows], {
    bom: true,
    header: true,
    columns: [...columns],
    record_delimiter: 'windows',
    // Needed for RFC 4180: with a record delimiter given, csv-stringify otherwise leaves a field
    // holding a bare LF or CR (a comment of several lines) unquoted.
    quote_record_delimiter: true,
    escape_formulas: true,
  });
}
