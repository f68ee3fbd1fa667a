// The side panel: annotations in text order, filtered by label, author, status and a search
// over quotes and comments. Selecting an entry reveals its highlight and opens its thread.

import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { knownPeople, mentions } from '../../shared/model/mentions.js';
import type { AnnotationView, Author, Label } from '../../shared/model/types.js';
import { anchorHealth } from '../../shared/model/anchor-health.js';
import { relativeTime, truncate } from './format.js';
import { theme } from './theme.js';
import { safeColor } from '../../shared/model/color.js';
import { cssProperties } from './css-properties.js';

const PAGE = 200;

export interface ListFilter {
  label: string;
  /** A person id: what they highlighted or commented on. */
  person: string;
  status: '' | 'open' | 'resolved';
  search: string;
  /** Only threads where someone mentions the reader. */
  forMe: boolean;
}

export const NO_FILTER: ListFilter = { label: '', person: '', status: '', search: '', forMe: false };

const involves = (a: AnnotationView, personId: string) => a.author.id === personId || a.comments.some((c) => !c.deleted && c.author.id === personId);

export function applyFilter(annotations: readonly AnnotationView[], f: ListFilter, me: Author | null = null): AnnotationView[] {
  const needle = f.search.trim().toLocaleLowerCase();
  return annotations.filter(
    (a) =>
      (!f.label || a.labels.includes(f.label)) &&
      (!f.person || involves(a, f.person)) &&
      (!f.status || a.status === f.status) &&
      (!f.forMe ||
        (me !== null &&
          mentions(
            a.comments.filter((c) => !c.deleted).map((c) => c.body),
            me,
          ))) &&
      (!needle || a.quote.toLocaleLowerCase().includes(needle) || a.comments.some((c) => !c.deleted && c.body.toLocaleLowerCase().includes(needle))),
  );
}

@customElement('glossa-annotation-list')
export class GlossaAnnotationList extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: flex;
        flex-direction: column;
        min-height: 0;
      }
      :host([hidden]) {
        display: none;
      }
      .filters {
        display: flex;
        flex-wrap: wrap;
        gap: 0.35rem;
        padding: 0.6rem;
        border-bottom: 1px solid var(--_border);
      }
      .filters input {
        flex: 1 1 100%;
      }
      /* Each menu as wide as its longest choice: wrapped onto a new row rather than cut short. */
      .filters select {
        flex: 1 1 auto;
        max-width: 100%;
      }
      .toggles {
        display: flex;
        flex-wrap: wrap;
        gap: 0.3rem;
        flex: 1 1 100%;
      }
      .toggles button {
        font-size: 0.85rem;
        padding: 0.1rem 0.55rem;
        border-radius: 999px;
      }
      .toggles button[aria-pressed='true'] {
        background: var(--_accent);
        border-color: var(--_accent);
        color: #fff;
      }
      ol {
        list-style: none;
        margin: 0;
        padding: 0;
        overflow: auto;
        flex: 1;
      }
      li button {
        all: unset;
        box-sizing: border-box;
        display: grid;
        gap: 0.2rem;
        width: 100%;
        padding: 0.55rem 0.7rem;
        border-bottom: 1px solid var(--_border);
        cursor: pointer;
      }
      li button:hover {
        background: color-mix(in srgb, var(--_accent) 6%, transparent);
      }
      li button:focus-visible {
        box-shadow: inset var(--_focus);
      }
      li[aria-current='true'] button {
        background: color-mix(in srgb, var(--_accent) 12%, transparent);
      }
      .quote {
        font-family: var(--_text-font);
      }
      .meta {
        font-size: 0.8rem;
        display: flex;
        flex-wrap: wrap;
        gap: 0.35rem;
        align-items: center;
      }
      .resolved .quote {
        text-decoration: line-through;
        color: var(--_muted);
      }
      .empty {
        padding: 1rem;
      }
      .more {
        margin: 0.5rem;
      }
      .detached {
        border-top: 1px solid var(--_border);
        margin-top: 0.5rem;
      }
      .detached h3 {
        font-size: 0.95rem;
        margin: 0.75rem 0.75rem 0.25rem;
      }
      .detached > p {
        margin: 0 0.75rem 0.25rem;
        font-size: 0.85rem;
      }
    `,
  ];

  @property({ attribute: false }) annotations: AnnotationView[] = [];
  /** The source text now: what an edited annotation covers is read from it. */
  @property({ attribute: false }) text = '';
  @property({ attribute: false }) labels: Label[] = [];
  @property({ attribute: false }) pendingIds: ReadonlySet<string> = new Set();
  /** The server cannot store changes now: pending entries say they are not saved, not that they are saving. */
  @property({ type: Boolean }) storeFailing = false;
  @property({ attribute: false }) activeId: string | null = null;
  /** The reader, for "Mine" and "For me"; null while they have no name. */
  @property({ attribute: false }) me: Author | null = null;
  @state() filter: ListFilter = NO_FILTER;
  /** Entries rendered; the rest wait behind "Show more", so 10,000 annotations cost 200 entries of DOM. */
  @state() private limit = PAGE;

  /** The annotations currently shown, in order (the annotator navigates these with j/k). */
  get visible(): AnnotationView[] {
    return applyFilter(this.annotations, this.filter, this.me);
  }

  override render() {
    const labelById = new Map(this.labels.map((l) => [l.id, l]));
    const people = knownPeople(this.annotations).filter((p) => p.id !== this.me?.id);
    const visible = this.visible;
    const attached = visible.filter((a) => !a.detached);
    const detached = visible.filter((a) => a.detached);
    const f = this.filter;
    const set = (patch: Partial<ListFilter>) => (this.filter = { ...f, ...patch });
    const mine = !!this.me && f.person === this.me.id;
    return html`
      <div class="filters" role="search" aria-label="Filter annotations">
        <input
          type="search"
          placeholder="Search quotes and comments"
          aria-label="Search quotes and comments"
          .value=${f.search}
          @input=${(e: Event) => set({ search: (e.target as HTMLInputElement).value })}
        />
        <select data-filter="label" aria-label="Filter by label" @change=${(e: Event) => set({ label: (e.target as HTMLSelectElement).value })}>
          <option value="">All labels</option>
          ${this.labels.map((l) => html`<option value=${l.id}>${l.name}</option>`)}
        </select>
        <select data-filter="person" aria-label="Filter by person" @change=${(e: Event) => set({ person: (e.target as HTMLSelectElement).value })}>
          <option value="">Anyone</option>
          ${this.me ? html`<option value=${this.me.id}>Me (${this.me.name})</option>` : null}
          ${people.map((p) => html`<option value=${p.id}>${p.name}</option>`)}
        </select>
        <select
          data-filter="status"
          aria-label="Filter by status"
          @change=${(e: Event) => set({ status: (e.target as HTMLSelectElement).value as ListFilter['status'] })}
        >
          <option value="">Any status</option>
          <option value="open">Open</option>
          <option value="resolved">Resolved</option>
        </select>
        <div class="toggles" role="group" aria-label="Show only">
          ${
            this.me
              ? html`<button type="button" aria-pressed=${mine ? 'true' : 'false'} @click=${() => set({ person: mine ? '' : this.me!.id })}>Mine</button>`
              : null
          }
          <button type="button" aria-pressed=${f.status === 'open' ? 'true' : 'false'} @click=${() => set({ status: f.status === 'open' ? '' : 'open' })}>
            Open
          </button>
          ${this.me ? html`<button type="button" aria-pressed=${f.forMe ? 'true' : 'false'} @click=${() => set({ forMe: !f.forMe })}>For me</button>` : null}
        </div>
      </div>
      <div class="visually-hidden" aria-live="polite">${visible.length} annotations shown</div>
      ${
        visible.length === 0
          ? html`<p class="empty muted">
              ${this.annotations.length === 0 ? 'No annotations yet. Select a passage to start.' : 'Nothing matches these filters.'}
            </p>`
          : html`${
              attached.length > 0
                ? html`<ol aria-label="Annotations">
                    ${repeat(
                      attached.slice(0, this.limit),
                      (a) => a.id,
                      (a) => this.entry(a, labelById),
                    )}
                  </ol>`
                : null
            }
            ${
              attached.length > this.limit
                ? html`<button type="button" class="more" @click=${() => (this.limit += PAGE)}>
                    Show ${Math.min(PAGE, attached.length - this.limit)} more of ${attached.length - this.limit}
                  </button>`
                : null
            }
            ${
              detached.length > 0
                ? html`<section class="detached" aria-labelledby="detached-heading">
                    <h3 id="detached-heading">Detached (${detached.length})</h3>
                    <p class="muted">Their text was deleted from the report; each keeps its quote and thread.</p>
                    <ol aria-label="Detached annotations">
                      ${repeat(
                        detached,
                        (a) => a.id,
                        (a) => this.entry(a, labelById),
                      )}
                    </ol>
                  </section>`
                : null
            }`
      }
    `;
  }

  /** One annotation in the list: its quote, labels, who and when, its thread's size and state. */
  private entry(a: AnnotationView, labelById: ReadonlyMap<string, Label>) {
    const comments = a.comments.filter((c) => !c.deleted).length;
    const health = anchorHealth(a, this.text);
    return html`<li aria-current=${a.id === this.activeId ? 'true' : 'false'} class=${a.status} data-id=${a.id}>
      <button type="button" @click=${() => this.select(a.id)}>
        <span class="quote">“${truncate(a.quote, 90)}”</span>
        <span class="meta">
          ${a.labels.map((id) => {
            const l = labelById.get(id);
            return html`<span class="chip" style=${cssProperties({ '--chip-color': safeColor(l?.color) })}>${l?.name ?? id}</span>`;
          })}
          <span class="muted">${a.origin?.creator ?? a.author.name} · ${relativeTime(a.origin?.created ?? a.createdAt)}</span>
          ${a.origin ? html`<span class="muted">· imported${a.origin.anchoredBy === 'fuzzy' ? ', placed approximately' : ''}</span>` : null}
          <span class="muted">· ${comments} ${comments === 1 ? 'comment' : 'comments'}</span>
          ${a.status === 'resolved' ? html`<span class="muted">· resolved</span>` : null}
          ${health === 'edited' ? html`<span class="muted" title=${`It now reads “${truncate(this.text.slice(a.start, a.end), 90)}”`}>· text edited</span>` : null}
          ${this.pendingIds.has(a.id) ? html`<span class="muted">· ${this.storeFailing ? 'not saved yet' : 'saving…'}</span>` : null}
        </span>
      </button>
    </li>`;
  }

  // A select's options are rendered after its own bindings, so its value is set once they exist.
  protected override updated(): void {
    for (const select of this.shadowRoot!.querySelectorAll<HTMLSelectElement>('select[data-filter]')) {
      const value = this.filter[select.dataset.filter as 'label' | 'person' | 'status'];
      if (select.value !== value) select.value = value;
    }
  }

  private select(id: string): void {
    this.dispatchEvent(new CustomEvent('select', { detail: id, bubbles: true, composed: true }));
  }

  /** Moves keyboard focus to the entry of an annotation (rendering more entries if it is further down). */
  focusEntry(id: string): void {
    const index = this.visible.findIndex((a) => a.id === id);
    if (index >= this.limit) this.limit = index + PAGE;
    void this.updateComplete.then(() => {
      const button = this.shadowRoot!.querySelector<HTMLButtonElement>(`li[data-id="${CSS.escape(id)}"] button`);
      button?.focus({ preventScroll: true });
      button?.scrollIntoView({ block: 'nearest' });
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'glossa-annotation-list': GlossaAnnotationList;
  }
}
