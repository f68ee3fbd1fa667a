// The history panel: a timeline of the document's changes (a slider: each step is the document just
// after one change, the last step is now), the feed of who did what, and, at a moment in the past, what
// changed in the annotations since then, with Restore for those gone (for those who may).

import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { ActivityEntry } from '../../shared/model/activity/activity-entry.js';
import type { AnnotationDifference } from '../../shared/model/history/diff-states.js';
import type { AnnotationView } from '../../shared/model/types.js';
import type { TimelineChange } from '../controllers/history-controller.js';
import { exactTime, momentTime, relativeTime, truncate } from './format.js';
import { theme } from './theme.js';

function commentCount(a: AnnotationView): string {
  const n = a.comments.filter((c) => !c.deleted).length;
  return n === 0 ? '' : ` · ${n} ${n === 1 ? 'comment' : 'comments'}`;
}

const quoted = (a: AnnotationView) => `“${truncate(a.quote, 40)}”`;

/** One difference from then to now, as a line. */
function told(d: AnnotationDifference, name: (id: string) => string): string {
  switch (d.kind) {
    case 'added':
      return `Added ${quoted(d.annotation)}`;
    case 'removed':
      return `Removed ${quoted(d.annotation)}${commentCount(d.annotation)}`;
    case 'relabelled':
      return `Relabelled ${quoted(d.annotation)}: ${[...d.added.map((l) => `+${name(l)}`), ...d.removed.map((l) => `−${name(l)}`)].join(' ')}`;
    case 'resolved':
      return `Resolved ${quoted(d.annotation)}`;
    case 'reopened':
      return `Reopened ${quoted(d.annotation)}`;
    case 'commented':
      return `${d.comments.length} new ${d.comments.length === 1 ? 'comment' : 'comments'} on ${quoted(d.annotation)}`;
    case 'comments-changed':
      return `Comments edited or deleted on ${quoted(d.annotation)}`;
  }
}

const who = (entry: ActivityEntry) => entry.person?.name ?? 'Someone';

/** "Ben Okafor labelled “…” as Evidence". */
export const sentence = (entry: ActivityEntry) => `${who(entry)} ${entry.text}`;

@customElement('glossa-history')
export class GlossaHistory extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: flex;
        flex-direction: column;
        min-height: 0;
        gap: 0.6rem;
        padding: 0.6rem 0.75rem;
      }
      h2 {
        font-size: 0.95rem;
        margin: 0;
      }
      .timeline {
        display: grid;
        gap: 0.25rem;
      }
      input[type='range'] {
        width: 100%;
        box-sizing: border-box;
        margin: 0;
      }
      .moment {
        font-size: 0.85rem;
        margin: 0;
      }
      .gone {
        display: grid;
        gap: 0.3rem;
        margin: 0;
        padding: 0;
        list-style: none;
      }
      .gone li {
        display: flex;
        align-items: center;
        justify-content: space-between;
        gap: 0.5rem;
        font-size: 0.85rem;
      }
      ol.feed {
        flex: 1;
        overflow: auto;
        margin: 0;
        padding: 0;
        list-style: none;
        display: grid;
        align-content: start;
        gap: 0.15rem;
      }
      ol.feed button {
        width: 100%;
        text-align: left;
        border: none;
        background: none;
        padding: 0.3rem 0.35rem;
        border-radius: var(--_radius);
        font-size: 0.85rem;
      }
      ol.feed button[aria-current='true'] {
        background: var(--_bg);
        outline: 1px solid var(--_border);
        font-weight: 600;
      }
      time {
        color: var(--_muted);
        white-space: nowrap;
      }
      .error {
        color: var(--_danger);
        font-size: 0.85rem;
      }
    `,
  ];

  /** The feed, newest change first. */
  @property({ attribute: false }) entries: readonly ActivityEntry[] = [];
  /** The timeline, oldest first. */
  @property({ attribute: false }) changes: readonly TimelineChange[] = [];
  @property({ attribute: false }) moment: TimelineChange | null = null;
  /** What changed in the annotations from the moment shown to now. */
  @property({ attribute: false }) sinceThen: readonly AnnotationDifference[] = [];
  /** Label names by id, then and now. */
  @property({ attribute: false }) labelNames: ReadonlyMap<string, string> = new Map();
  @property({ type: Boolean }) mayRestore = false;
  @property() error: string | null = null;

  override render() {
    const index = this.moment ? this.changes.indexOf(this.moment) : this.changes.length;
    const label = this.moment ? `As it was at ${momentTime(this.moment.at)}, after: ${sentence(this.moment.entry)}` : 'Now';
    return html`
      <h2>History</h2>
      <div class="timeline">
        <label for="moment">Moment</label>
        <input
          id="moment"
          type="range"
          min="0"
          max=${this.changes.length}
          step="1"
          .value=${String(index)}
          list="marks"
          aria-valuetext=${label}
          @input=${(e: Event) => this.pick(Number((e.target as HTMLInputElement).value))}
        />
        <datalist id="marks">
          ${this.changes.map((_, i) => html`<option value=${i}></option>`)}
          <option value=${this.changes.length}></option>
        </datalist>
        <p class="moment" aria-live="polite">${label}</p>
      </div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : null}
      ${
        this.moment
          ? html`<h2>Since then</h2>
              <ul class="gone" aria-label="Since then">
                ${this.sinceThen.length === 0 ? html`<li>No change to the annotations.</li>` : null}
                ${this.sinceThen.map(
                  (d) =>
                    html`<li>
                      <span>${told(d, (id) => this.labelNames.get(id) ?? id)}</span>
                      ${
                        d.kind === 'removed' && this.mayRestore
                          ? html`<button
                              type="button"
                              aria-label=${`Restore ${quoted(d.annotation)}`}
                              @click=${() => this.emit('restore-annotation', d.annotation.id)}
                            >
                              Restore
                            </button>`
                          : null
                      }
                    </li>`,
                )}
              </ul>`
          : null
      }
      <ol class="feed" aria-label="Activity">
        ${repeat(
          this.entries,
          (e, i) => `${e.changeId}:${i}`,
          (e) =>
            html`<li>
              <button type="button" aria-current=${this.moment?.changeId === e.changeId ? 'true' : 'false'} @click=${() => this.choose(e)}>
                ${sentence(e)} · <time datetime=${e.at} title=${exactTime(e.at)}>${relativeTime(e.at)}</time>
              </button>
            </li>`,
        )}
      </ol>
    `;
  }

  private pick(index: number): void {
    this.emit('moment', this.changes[index] ?? null);
  }

  /** A line of the feed: the document just after that change, its annotation shown. */
  private choose(entry: ActivityEntry): void {
    const change = this.changes.find((c) => c.changeId === entry.changeId) ?? null;
    this.emit('moment', change);
    if (entry.annotationId) this.emit('show-annotation', entry.annotationId);
  }

  private emit<T>(type: string, detail: T): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'glossa-history': GlossaHistory;
  }
}
