// The side panel: annotations in text order, filtered by label, author, status and a search
// over quotes and comments. Selecting an entry reveals its highlight and opens its thread.

import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { AnnotationView, Label } from '../../shared/model/types.js';
import { relativeTime, truncate } from './format.js';
import { theme } from './theme.js';

const PAGE = 200;

export interface ListFilter {
  label: string;
  author: string;
  status: '' | 'open' | 'resolved';
  search: string;
}

export function applyFilter(annotations: readonly AnnotationView[], f: ListFilter): AnnotationView[] {
  const needle = f.search.trim().toLocaleLowerCase();
  return annotations.filter(
    (a) =>
      (!f.label || a.labels.includes(f.label)) &&
      (!f.author || a.author.id === f.author) &&
      (!f.status || a.status === f.status) &&
      (!needle ||
        a.quote.toLocaleLowerCase().includes(needle) ||
        a.comments.some((c) => !c.deleted && c.body.toLocaleLowerCase().includes(needle))),
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
        display: grid;
        grid-template-columns: 1fr 1fr 1fr;
        gap: 0.35rem;
        padding: 0.6rem;
        border-bottom: 1px solid var(--_border);
      }
      .filters input {
        grid-column: 1 / -1;
      }
      .filters select {
        min-width: 0;
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
    `,
  ];

  @property({ attribute: false }) annotations: AnnotationView[] = [];
  @property({ attribute: false }) labels: Label[] = [];
  @property({ attribute: false }) pendingIds: ReadonlySet<string> = new Set();
  @property({ attribute: false }) activeId: string | null = null;
  @state() filter: ListFilter = { label: '', author: '', status: '', search: '' };
  /** Entries rendered; the rest wait behind "Show more", so 10,000 annotations cost 200 entries of DOM. */
  @state() private limit = PAGE;

  /** The annotations currently shown, in order (the annotator navigates these with j/k). */
  get visible(): AnnotationView[] {
    return applyFilter(this.annotations, this.filter);
  }

  override render() {
    const labelById = new Map(this.labels.map((l) => [l.id, l]));
    const authors = [...new Map(this.annotations.map((a) => [a.author.id, a.author])).values()];
    const visible = this.visible;
    const set = (patch: Partial<ListFilter>) => (this.filter = { ...this.filter, ...patch });
    return html`
      <div class="filters" role="search">
        <select aria-label="Filter by label" @change=${(e: Event) => set({ label: (e.target as HTMLSelectElement).value })}>
          <option value="">All labels</option>
          ${this.labels.map((l) => html`<option value=${l.id}>${l.name}</option>`)}
        </select>
        <select aria-label="Filter by author" @change=${(e: Event) => set({ author: (e.target as HTMLSelectElement).value })}>
          <option value="">Everyone</option>
          ${authors.map((a) => html`<option value=${a.id}>${a.name}</option>`)}
        </select>
        <select aria-label="Filter by status" @change=${(e: Event) => set({ status: (e.target as HTMLSelectElement).value as ListFilter['status'] })}>
          <option value="">Any status</option>
          <option value="open">Open</option>
          <option value="resolved">Resolved</option>
        </select>
        <input type="search" placeholder="Search quotes and comments" aria-label="Search quotes and comments"
          @input=${(e: Event) => set({ search: (e.target as HTMLInputElement).value })} />
      </div>
      <div class="visually-hidden" aria-live="polite">${visible.length} annotations shown</div>
      ${visible.length === 0
        ? html`<p class="empty muted">${this.annotations.length === 0 ? 'No annotations yet. Select a passage to start.' : 'Nothing matches these filters.'}</p>`
        : html`<ol aria-label="Annotations">
            ${repeat(visible.slice(0, this.limit), (a) => a.id, (a) => {
              const comments = a.comments.filter((c) => !c.deleted).length;
              return html`<li aria-current=${a.id === this.activeId ? 'true' : 'false'} class=${a.status} data-id=${a.id}>
                <button type="button" @click=${() => this.select(a.id)}>
                  <span class="quote">${a.detached ? html`<em class="muted">[text deleted]</em> ` : null}“${truncate(a.quote, 90)}”</span>
                  <span class="meta">
                    ${a.labels.map((id) => {
                      const l = labelById.get(id);
                      return html`<span class="chip" style="--chip-color: ${l?.color ?? '#888'}">${l?.name ?? id}</span>`;
                    })}
                    <span class="muted">${a.author.name} · ${relativeTime(a.createdAt)}</span>
                    <span class="muted">· ${comments} ${comments === 1 ? 'comment' : 'comments'}</span>
                    ${a.status === 'resolved' ? html`<span class="muted">· resolved</span>` : null}
                    ${this.pendingIds.has(a.id) ? html`<span class="muted">· saving…</span>` : null}
                  </span>
                </button>
              </li>`;
            })}
          </ol>
          ${visible.length > this.limit
            ? html`<button type="button" class="more" @click=${() => (this.limit += PAGE)}>Show ${Math.min(PAGE, visible.length - this.limit)} more of ${visible.length - this.limit}</button>`
            : null}`}
    `;
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
