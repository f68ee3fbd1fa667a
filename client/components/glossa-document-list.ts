// The start page: every document the person may see, with its open and resolved threads, its
// annotations, when it last changed and who was active; searched by title, sorted, renamed,
// shared and deleted as the person's role allows; and a form to create one from pasted text or
// an uploaded file (.txt, .md, .html, .docx or .pdf). A table on wide screens, cards on narrow ones.

import { LitElement, css, html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { atLeast } from '../../shared/model/permissions.js';
import { type DocumentEntry, REPORT_FILE_TYPES } from '../../shared/protocol/documents-api.js';
import { DocumentsApi } from '../sync/documents-api.js';
import type { GlossaConfirmDialog } from './glossa-confirm-dialog.js';
import type { GlossaShareDialog } from './glossa-share-dialog.js';
import { exactTime, relativeTime } from './format.js';
import { avatarStyles, renderAvatars } from './people-avatars.js';
import { theme } from './theme.js';
import './glossa-confirm-dialog.js';
import './glossa-rename-field.js';
import './glossa-share-dialog.js';
import { formText } from './form-text.js';

type SortKey = 'activity' | 'title' | 'annotations' | 'open';

const SORTS: { key: SortKey; label: string }[] = [
  { key: 'activity', label: 'Last activity' },
  { key: 'title', label: 'Title (A–Z)' },
  { key: 'annotations', label: 'Most annotations' },
  { key: 'open', label: 'Most open threads' },
];

const titleOrder = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
const byActivity = (a: DocumentEntry, b: DocumentEntry) => Date.parse(b.lastActivityAt) - Date.parse(a.lastActivityAt);
const compare: Record<SortKey, (a: DocumentEntry, b: DocumentEntry) => number> = {
  activity: byActivity,
  title: (a, b) => titleOrder.compare(a.title, b.title),
  annotations: (a, b) => b.annotationCount - a.annotationCount || byActivity(a, b),
  open: (a, b) => (b.openThreads ?? -1) - (a.openThreads ?? -1) || byActivity(a, b),
};

/** Case and accents do not matter when searching titles. */
const folded = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase();

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const count = (n: number | null) => (n === null ? html`<span class="muted" title="Not counted yet">–</span>` : n);

@customElement('glossa-document-list')
export class GlossaDocumentList extends LitElement {
  static override styles = [
    theme,
    avatarStyles,
    css`
      :host {
        display: block;
      }
      .page {
        container: list / inline-size;
        max-width: 68rem;
        margin: 0 auto;
        padding: 1.5rem;
        box-sizing: border-box;
      }
      @media (max-width: 30rem) {
        .page {
          padding: 1rem;
        }
      }
      .top {
        display: flex;
        flex-wrap: wrap;
        align-items: end;
        justify-content: space-between;
        gap: 0.75rem 1.5rem;
      }
      h1 {
        margin: 0;
      }
      .tools {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem;
        flex: 0 1 34rem;
      }
      .tools label {
        display: grid;
        gap: 0.2rem;
        font-size: 0.85rem;
        color: var(--_muted);
        min-width: 0;
        flex: 1 1 11rem;
      }
      .tools input,
      .tools select {
        color: var(--_fg);
        min-width: 0;
      }
      .count {
        margin: 0.9rem 0 0.5rem;
        font-size: 0.9rem;
      }
      table {
        width: 100%;
        border-collapse: collapse;
      }
      th,
      td {
        text-align: left;
        padding: 0.5rem;
        border-bottom: 1px solid var(--_border);
        vertical-align: middle;
      }
      thead th {
        font-size: 0.85rem;
        color: var(--_muted);
        font-weight: 600;
      }
      tbody th {
        font-weight: normal;
        overflow-wrap: anywhere;
      }
      .num {
        text-align: right;
        font-variant-numeric: tabular-nums;
      }
      a {
        color: var(--_accent);
      }
      .actions {
        white-space: nowrap;
        text-align: right;
      }
      .actions button + button {
        margin-left: 0.3rem;
      }
      form {
        display: grid;
        gap: 0.6rem;
        margin-top: 2rem;
        padding: 1rem;
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        background: var(--_panel);
      }
      form h2 {
        margin: 0;
        font-size: 1.15rem;
      }
      form label {
        display: grid;
        gap: 0.25rem;
        min-width: 0;
      }
      form input,
      form textarea {
        min-width: 0;
        max-width: 100%;
        box-sizing: border-box;
      }
      textarea {
        min-height: 8rem;
      }
      form.over {
        outline: 2px dashed var(--_accent);
        outline-offset: 2px;
      }
      .error {
        color: var(--_danger);
      }
      /* Narrow screens (a phone held upright): every document is a card, nothing scrolls sideways. */
      @container list (max-width: 46rem) {
        thead {
          position: absolute;
          width: 1px;
          height: 1px;
          overflow: hidden;
          clip: rect(0 0 0 0);
        }
        table,
        tbody,
        tr,
        th,
        td {
          display: block;
        }
        tr {
          display: grid;
          grid-template-columns: repeat(3, minmax(0, 1fr));
          gap: 0.35rem 0.6rem;
          padding: 0.7rem 0.8rem;
          margin-bottom: 0.6rem;
          border: 1px solid var(--_border);
          border-radius: var(--_radius);
        }
        th,
        td,
        td.num {
          padding: 0;
          border: 0;
          text-align: left;
        }
        tbody th,
        td.when,
        td.people,
        td.actions {
          grid-column: 1 / -1;
        }
        tbody th {
          font-size: 1.05rem;
        }
        td[data-label]::before {
          content: attr(data-label) ' ';
          display: block;
          font-size: 0.75rem;
          color: var(--_muted);
        }
        .actions {
          white-space: normal;
          display: flex;
          flex-wrap: wrap;
          gap: 0.4rem;
        }
        .actions button + button {
          margin-left: 0;
        }
      }
    `,
  ];

  /** Origin of the Glossa server; defaults to the page's own. */
  @property() server = '';
  /** Signed identity token (token mode), sent as Authorization. */
  @property() token = '';
  /**
   * The page that shows a document, `{id}` standing for its id: what titles link to and what share
   * links open. Default: the server's own document page.
   */
  @property({ attribute: 'document-url' }) documentUrl = '';

  @state() private documents: DocumentEntry[] | null = null;
  @state() private canCreate = false;
  @state() private query = '';
  @state() private sort: SortKey = 'activity';
  @state() private renamingId: string | null = null;
  @state() private renameError = '';
  @state() private saving = false;
  @state() private status = '';
  @state() private error = '';
  /** While a file is dragged over the New document form. */
  @state() private dropping = false;
  /** The fraction of a file sent, while a document is made from it. */
  @state() private sent: number | null = null;
  @query('input[name="file"]') private fileInput!: HTMLInputElement;
  @query('glossa-confirm-dialog') private confirmDialog!: GlossaConfirmDialog;
  @query('glossa-share-dialog') private shareDialog!: GlossaShareDialog;
  @query('input[type="search"]') private searchInput!: HTMLInputElement;

  private get api(): DocumentsApi {
    return new DocumentsApi({ server: this.server, token: this.token });
  }

  private get base(): string {
    return (this.server || location.origin).replace(/\/$/, '');
  }

  private pageOf(id: string): string {
    const path = encodeURIComponent(id);
    return this.documentUrl ? this.documentUrl.replaceAll('{id}', path) : `${this.base}/documents/${path}`;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      ({ documents: this.documents, canCreate: this.canCreate } = await this.api.list());
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  private get shown(): DocumentEntry[] {
    const needle = folded(this.query.trim());
    const matching = (this.documents ?? []).filter((d) => !needle || folded(d.title).includes(needle));
    return matching.sort(compare[this.sort]);
  }

  override render() {
    const all = this.documents;
    const shown = this.shown;
    return html`<div class="page">
      <div class="top">
        <h1>Documents</h1>
        <div class="tools">
          <label
            >Search documents<input
              type="search"
              placeholder="Title contains…"
              .value=${this.query}
              @input=${(e: InputEvent) => (this.query = (e.target as HTMLInputElement).value)}
          /></label>
          <label
            >Sort by<select @change=${(e: Event) => (this.sort = (e.target as HTMLSelectElement).value as SortKey)}>
              ${SORTS.map((s) => html`<option value=${s.key} ?selected=${s.key === this.sort}>${s.label}</option>`)}
            </select></label
          >
        </div>
      </div>
      <p class="count muted" role="status">${all === null ? (this.error ? '' : 'Loading…') : this.summaryLine(all.length, shown.length)} ${this.status}</p>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : null} ${all && shown.length > 0 ? this.renderTable(shown) : null}
      ${this.canCreate ? this.renderCreateForm() : null}
      <glossa-confirm-dialog></glossa-confirm-dialog>
      <glossa-share-dialog .server=${this.server} .token=${this.token}></glossa-share-dialog>
    </div>`;
  }

  private summaryLine(total: number, shown: number): string {
    if (total === 0) return this.canCreate ? 'No documents yet: create the first one below.' : 'No documents have been shared with you yet.';
    if (!this.query.trim()) return `${plural(total, 'document', 'documents')}.`;
    if (shown === 0) return `No document title contains “${this.query.trim()}”.`;
    return `${shown} of ${plural(total, 'document', 'documents')} match “${this.query.trim()}”.`;
  }

  private renderTable(shown: DocumentEntry[]) {
    const sorted = (key: SortKey) => (this.sort === key ? (key === 'title' ? 'ascending' : 'descending') : undefined);
    return html`<table aria-label="Documents">
      <thead>
        <tr>
          <th scope="col" aria-sort=${sorted('title') ?? 'none'}>Title</th>
          <th scope="col" class="num" aria-sort=${sorted('open') ?? 'none'}>Open threads</th>
          <th scope="col" class="num">Resolved</th>
          <th scope="col" class="num" aria-sort=${sorted('annotations') ?? 'none'}>Annotations</th>
          <th scope="col" aria-sort=${sorted('activity') ?? 'none'}>Last activity</th>
          <th scope="col">Active</th>
          <th scope="col"><span class="visually-hidden">Actions</span></th>
        </tr>
      </thead>
      <tbody>
        ${shown.map((d) => this.renderRow(d))}
      </tbody>
    </table>`;
  }

  private renderRow(d: DocumentEntry) {
    const renaming = this.renamingId === d.id;
    return html`<tr data-id=${d.id}>
      <th scope="row">
        ${
          renaming
            ? html`<glossa-rename-field
                label="New title for “${d.title}”"
                .value=${d.title}
                ?busy=${this.saving}
                .error=${this.renameError}
                @rename=${(e: CustomEvent<string>) => this.rename(d, e.detail)}
                @cancel=${() => this.endRenaming(d.id)}
              ></glossa-rename-field>`
            : html`<a href=${this.pageOf(d.id)}>${d.title}</a>`
        }
      </th>
      <td class="num" data-label="Open threads">${count(d.openThreads)}</td>
      <td class="num" data-label="Resolved">${count(d.resolvedThreads)}</td>
      <td class="num" data-label="Annotations">${d.annotationCount}</td>
      <td class="when" data-label="Last activity">
        <time datetime=${d.lastActivityAt} title=${exactTime(d.lastActivityAt)}>${relativeTime(d.lastActivityAt)}</time>
      </td>
      <td class="people" data-label="Active">${renderAvatars(d.recentPeople, `Recently active in “${d.title}”`)}</td>
      <td class="actions">
        ${
          atLeast(d.role, 'editor') && !renaming
            ? html`<button type="button" data-action="rename" aria-label="Rename “${d.title}”" @click=${() => this.startRenaming(d.id)}>Rename</button>`
            : null
        }
        ${
          d.role === 'owner'
            ? html`<button type="button" aria-label="Share “${d.title}”" @click=${(e: MouseEvent) => this.share(d, e)}>Share</button>
                <button type="button" class="danger" aria-label="Delete “${d.title}”" @click=${(e: MouseEvent) => this.deleteDocument(d, e)}>Delete</button>`
            : null
        }
      </td>
    </tr>`;
  }

  private renderCreateForm() {
    return html`<form
      @submit=${this.create}
      aria-labelledby="new-document"
      class=${this.dropping ? 'over' : ''}
      @dragenter=${this.dragOver}
      @dragover=${this.dragOver}
      @dragleave=${() => (this.dropping = false)}
      @drop=${this.drop}
    >
      <h2 id="new-document">New document</h2>
      <label>Title <input name="title" maxlength="200" /></label>
      <label>Paste the text <textarea name="text"></textarea></label>
      <label>…or upload a report (.txt, .md, .html, .docx or .pdf), or drop it here <input name="file" type="file" accept=${REPORT_FILE_TYPES} /></label>
      <div>
        <button class="primary" type="submit" ?disabled=${this.sent !== null}>${this.sent === null ? 'Create and open' : 'Uploading…'}</button>
        ${this.sent !== null ? html`<progress max="1" .value=${this.sent} aria-label="Report sent"></progress>` : null}
      </div>
    </form>`;
  }

  private dragOver(event: DragEvent): void {
    if (!event.dataTransfer?.types.includes('Files')) return;
    // Without this the browser would open the dropped file in place of the page.
    event.preventDefault();
    this.dropping = true;
  }

  /** A report dropped on the form is its file, as if picked. */
  private drop(event: DragEvent): void {
    if (!event.dataTransfer?.files.length) return;
    event.preventDefault();
    this.dropping = false;
    this.fileInput.files = event.dataTransfer.files;
  }

  private startRenaming(id: string): void {
    this.renamingId = id;
    this.renameError = '';
  }

  /** Ends renaming and puts focus back on the row's Rename button. */
  private async endRenaming(id: string): Promise<void> {
    this.renamingId = null;
    this.renameError = '';
    await this.updateComplete;
    this.shadowRoot!.querySelector<HTMLButtonElement>(`tr[data-id="${CSS.escape(id)}"] button[data-action="rename"]`)?.focus();
  }

  private async rename(d: DocumentEntry, title: string): Promise<void> {
    if (title === d.title) return this.endRenaming(d.id);
    this.saving = true;
    this.renameError = '';
    try {
      const renamed = await this.api.rename(d.id, title);
      this.documents = (this.documents ?? []).map((x) => (x.id === d.id ? renamed : x));
      this.status = `Renamed to “${renamed.title}”.`;
      await this.endRenaming(d.id);
    } catch (error) {
      this.renameError = (error as Error).message;
    } finally {
      this.saving = false;
    }
  }

  private share(d: DocumentEntry, event: MouseEvent): void {
    void this.shareDialog.open({ documentId: d.id, title: d.title, pageUrl: this.pageOf(d.id) }, event.currentTarget as HTMLElement);
  }

  private async deleteDocument(d: DocumentEntry, event: MouseEvent): Promise<void> {
    const confirmed = await this.confirmDialog.ask(
      {
        heading: 'Delete this document?',
        message: `Delete “${d.title}” and its ${plural(d.annotationCount, 'annotation', 'annotations')} for everyone? This cannot be undone.`,
        confirm: 'Delete',
      },
      event.currentTarget as HTMLElement,
    );
    if (!confirmed) return;
    try {
      await this.api.remove(d.id);
      this.documents = (this.documents ?? []).filter((x) => x.id !== d.id);
      this.status = `Deleted “${d.title}”.`;
    } catch (error) {
      this.error = (error as Error).message;
    }
    // The row and its button are gone: focus goes where the person can carry on.
    await this.updateComplete;
    this.searchInput.focus();
  }

  private async create(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const file = data.get('file');
    const title = formText(data, 'title').trim();
    const upload = file instanceof File && file.size > 0;
    if (upload) this.sent = 0;
    try {
      const created = await this.api.create(
        upload ? { title, file } : { title: title || 'Untitled', text: formText(data, 'text') },
        (fraction) => (this.sent = fraction),
      );
      location.assign(this.pageOf(created.id));
    } catch (error) {
      this.error = (error as Error).message;
    } finally {
      this.sent = null;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'glossa-document-list': GlossaDocumentList;
  }
}
