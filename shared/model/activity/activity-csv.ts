// The activity feed as CSV, for audits: one row per line, newest first.

import { spreadsheetCsv } from '../csv-text.js';
import type { ActivityEntry } from './activity-entry.js';

export const activityCsvColumns = ['time', 'person id', 'person', 'via', 'kind', 'annotation id', 'what'] as const;

export function activityCsv(entries: readonly ActivityEntry[]): string {
  const rows = entries.map((e) => ({
    time: e.at,
    'person id': e.person?.id ?? '',
    person: e.person?.name ?? '',
    // A change written over a socket is a person's own edit in their client.
    via: e.via ?? 'socket',
    kind: e.kind,
    'annotation id': e.annotationId ?? '',
    what: e.text,
  }));
  return spreadsheetCsv(rows, activityCsvColumns);
}
