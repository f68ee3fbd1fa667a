// The annotator's view of the document's history: the recent changes (the feed and the timeline's
// marks), the moment being looked at, and the document as it was then. The feed follows the live
// document: a change anyone makes (here, or through another server) is fetched again shortly after.

import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ActivityEntry, PastState } from '../../shared/model/activity/activity-entry.js';
import type { AnnotationDifference } from '../../shared/model/history/diff-states.js';
import { ApiRequestError, type ApiTarget, DocumentsApi } from '../sync/documents-api.js';

/** Lines of the feed fetched; the timeline marks the changes among them. */
const FEED_LINES = 500;
/** A burst of edits fetches the feed once, this long after it settles. */
const REFRESH_AFTER_MS = 400;

/** One stored change on the timeline: its moment, who made it, and what it did first. */
export interface TimelineChange {
  changeId: number;
  at: string;
  entry: ActivityEntry;
}

export class HistoryController implements ReactiveController {
  open = false;
  entries: readonly ActivityEntry[] = [];
  /** Oldest first. */
  changes: readonly TimelineChange[] = [];
  /** The change whose moment is shown (the document just after it); null for now. */
  moment: TimelineChange | null = null;
  past: PastState | null = null;
  /** What changed in the annotations from the moment shown to now. */
  sinceThen: readonly AnnotationDifference[] = [];
  error: string | null = null;
  private target: (ApiTarget & { documentId: string }) | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private asked = 0;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostDisconnected(): void {
    if (this.timer) clearTimeout(this.timer);
  }

  private get api(): DocumentsApi {
    return new DocumentsApi(this.target!);
  }

  /** Opens the history of this document (the feed and the timeline at now). */
  show(target: ApiTarget & { documentId: string }): Promise<void> {
    this.target = target;
    this.open = true;
    this.moment = null;
    this.past = null;
    this.host.requestUpdate();
    return this.refresh();
  }

  hide(): void {
    this.open = false;
    this.moment = null;
    this.past = null;
    this.host.requestUpdate();
  }

  /** The document changed: the feed is fetched again once the changes settle. */
  changed(): void {
    if (!this.open) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.refresh();
    }, REFRESH_AFTER_MS);
  }

  async refresh(): Promise<void> {
    if (!this.target) return;
    try {
      const page = await this.api.activity(this.target.documentId, FEED_LINES);
      this.entries = page.entries;
      const byChange = new Map<number, TimelineChange>();
      for (const entry of page.entries) if (!byChange.has(entry.changeId)) byChange.set(entry.changeId, { changeId: entry.changeId, at: entry.at, entry });
      this.changes = [...byChange.values()].reverse();
      this.error = null;
    } catch (error) {
      this.error = error instanceof ApiRequestError ? error.message : 'The history could not be read.';
    }
    this.host.requestUpdate();
  }

  /** Shows the document as it was just after `change`; null goes back to now. */
  async lookAt(change: TimelineChange | null): Promise<void> {
    this.moment = change;
    const asked = ++this.asked;
    if (!change) {
      this.past = null;
      this.sinceThen = [];
      this.host.requestUpdate();
      return;
    }
    this.host.requestUpdate();
    try {
      const id = this.target!.documentId;
      const [past, diff] = await Promise.all([this.api.past(id, change.at), this.api.diff(id, change.at, new Date().toISOString())]);
      // A later choice (the slider moved on meanwhile) wins.
      if (asked !== this.asked) return;
      this.past = past;
      this.sinceThen = diff.differences;
      this.error = null;
    } catch (error) {
      if (asked !== this.asked) return;
      this.error = error instanceof ApiRequestError ? error.message : 'That moment could not be read.';
    }
    this.host.requestUpdate();
  }

  /** Restores the annotations (or one) as they were at the moment shown. */
  async restore(scope: { annotationId?: string } = {}): Promise<boolean> {
    if (!this.moment || !this.target) return false;
    try {
      await this.api.restore(this.target.documentId, this.moment.at, scope);
      this.error = null;
      return true;
    } catch (error) {
      this.error = error instanceof ApiRequestError ? error.message : 'The restore failed.';
      this.host.requestUpdate();
      return false;
    }
  }
}
