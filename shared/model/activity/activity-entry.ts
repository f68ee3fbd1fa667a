// One line of a document's activity feed as the API gives it (GET /api/documents/{id}/activity).

import type { ChangeSource } from '../history/derive-history.js';
import type { AnnotationView, Label } from '../types.js';
import type { ActivityKind } from './describe-change.js';

export interface ActivityEntry {
  /** The stored change it tells of; a change may have several lines. Increasing over time. */
  changeId: number;
  /** ISO time the change was stored. */
  at: string;
  /** Who made it; null when nobody is known. */
  person: { id: string; name: string } | null;
  /** How it came: null when written over a socket; else the server's change it was. */
  via: ChangeSource | null;
  kind: ActivityKind;
  /** The annotation it was done to, if one. */
  annotationId: string | null;
  /** What was done, to follow the person's name. */
  text: string;
}

export interface ActivityFilter {
  person?: string;
  kind?: ActivityKind;
  annotationId?: string;
}

export interface ActivityPage {
  entries: ActivityEntry[];
  /** Pass as `before` for the next (older) page; null when there is none. */
  next: number | null;
}

/** The document as it was at a moment (GET /api/documents/{id}/history?at=). */
export interface PastState {
  at: string;
  text: string;
  annotations: AnnotationView[];
  labels: Label[];
}
