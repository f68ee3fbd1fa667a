// A feed line as both stores keep it in document_activity, and back.

import type { ActivityEntry } from '../../shared/model/activity/activity-entry.js';
import type { ActivityKind } from '../../shared/model/activity/describe-change.js';
import { asSource } from './history-store.js';

export interface ActivityRow {
  documentId: string;
  changeId: number;
  seq: number;
  at: Date;
  personId: string | null;
  personName: string | null;
  via: string | null;
  kind: string;
  annotationId: string | null;
  text: string;
}

/** Rows a multi-row insert takes at once: 10 columns each, well inside both databases' parameter limits. */
export const ACTIVITY_ROWS_PER_INSERT = 200;

export function activityRow(documentId: string, e: ActivityEntry & { seq: number }): ActivityRow {
  return {
    documentId,
    changeId: e.changeId,
    seq: e.seq,
    at: new Date(e.at),
    personId: e.person?.id ?? null,
    personName: e.person?.name ?? null,
    via: e.via,
    kind: e.kind,
    annotationId: e.annotationId,
    text: e.text,
  };
}

export function entryOf(row: ActivityRow): ActivityEntry {
  return {
    changeId: row.changeId,
    at: row.at.toISOString(),
    person: row.personId === null ? null : { id: row.personId, name: row.personName ?? '' },
    via: asSource(row.via),
    kind: row.kind as ActivityKind,
    annotationId: row.annotationId,
    text: row.text,
  };
}

export function inGroups<T>(items: readonly T[], size: number): T[][] {
  const groups: T[][] = [];
  for (let i = 0; i < items.length; i += size) groups.push(items.slice(i, i + size));
  return groups;
}
