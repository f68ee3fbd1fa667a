// <glossa-document-header server document token>: what sits above a document's annotator: the way
// back to every document, the title as the page's heading (renamed in place by editors and
// owners), a new version of the text and annotations to import from files (editors and owners), the
// Export menu and, for owners, Share. Opened through a share link, it redeems it first.

import { LitElement, type PropertyValues, css, html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { atLeast } from '../../shared/model/permissions.js';
import { type DocumentEntry, REPORT_FILE_TYPES, type RevisionEntry } from '../../shared/protocol/documents-api.js';
import type { ImportReport } from '../../shared/model/import/import-annotations.js';
import { relativeTime } from './format.js';
import { DocumentsApi } from '../sync/documents-api.js';
import { redeemShareLinkFromPage, withoutShareToken } from '../sync/share-link.js';
import type { GlossaShareDialog } from './glossa-share-dialog.js';
import { theme } from './theme.js';
import './glossa-export-menu.js';
import './glossa-file-action.js';
import './glossa-rename-field.js';
import './glossa-share-dialog.js';

const ROLE_NAMES = { viewer: 'view', commenter: 'comment', editor: 'edit', owner: 'own' } as const;
/** What an annotation export is saved as by Glossa, Hypothesis and Recogito. */
const ANNOTATION_FILE_TYPES = '.json,.jsonld,application/json,application/ld+json';

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** What an import did, in a sentence or two. */
function importNote(file: string, report: ImportReport): string {
  const { position, quote, fuzzy, detached, existing, replies, skipped } = report.counts;
  const created = position + quote + fuzzy + detached;
  const parts = [`${position + quote} found exactly`, `${fuzzy} matched approximately`, `${detached} detached`];
  const more = [
    existing ? `${count(existing, 'was', 'were')} already here` : '',
    replies ? `${count(replies, 'reply', 'replies')} added to threads` : '',
    skipped ? `${count(skipped, 'item', 'items')} skipped (notes on the whole page, or replies to nothing here)` : '',
    report.labelsCreated.length ? `new labels: ${report.labelsCreated.map((l) => l.name).join(', ')}` : '',
  ].filter(Boolean);
  return `Imported ${count(created, 'annotation', 'annotations')} from ${file}: ${parts.join(', ')}.${more.length ? ` ${more.join('; ')}.` : ''}`;
}

@customElement('glossa-document-header')
export class GlossaDocumentHeader extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: block;
        padding: 0.5rem 0.9rem 0.6rem;
      }
      nav a {
        color: var(--_accent);
        font-size: 0.9rem;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.4rem 0.9rem;
        margin-top: 0.2rem;
      }
      h1 {
        font-size: clamp(1.15rem, 4vw, 1.5rem);
        margin: 0;
        overflow-wrap: anywhere;
      }
      glossa-rename-field {
        flex: 1 1 16rem;
        font-size: 1.1rem;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem;
        margin-left: auto;
      }
      .error {
        color: var(--_danger);
        margin: 0.3rem 0 0;
      }
    `,
  ];

  /** Origin of the Glossa server; defaults to the page's own. */
  @property() server = '';
  /** Id of the document. */
  @property() document = '';
  /** Signed identity token (token mode), sent as Authorization. */
  @property() token = '';
  /** Where "All documents" leads; default: the server's documents list. */
  @property({ attribute: 'list-href' }) listHref = '';
  /** Keep the page's own title (document.title) to the document's: for a page that shows only it. */
  @property({ type: Boolean, attribute: 'sync-title' }) syncTitle = false;

  @state() private entry: DocumentEntry | null = null;
  @state() private renaming = false;
  @state() private saving = false;
  @state() private renameError = '';
  @state() private error = '';
  @state() private status = '';
  /** What the last new version or import did, shown until the next. */
  @state() private fileNote = '';
  /** The versions of the text, while their list is open. */
  @state() private versions: RevisionEntry[] | null = null;
  @query('glossa-share-dialog') private shareDialog!: GlossaShareDialog;
  @query('button.rename') private renameButton!: HTMLButtonElement | null;
  private loadToken = 0;

  private get api(): DocumentsApi {
    return new DocumentsApi({ server: this.server, token: this.token });
  }

  protected override willUpdate(changed: PropertyValues): void {
    if ((changed.has('server') || changed.has('document') || changed.has('token')) && this.document) void this.load();
    if (this.syncTitle && this.entry && (changed.has('entry') || changed.has('syncTitle'))) document.title = `${this.entry.title} · Glossa`;
  }

  private async load(): Promise<void> {
    const load = ++this.loadToken;
    this.error = '';
    try {
      // Someone opening a share link may not see the document before it is redeemed.
      const accepted = await redeemShareLinkFromPage({ server: this.server, token: this.token });
      if (accepted && accepted.documentId === this.document) {
        this.status = `The share link lets you ${ROLE_NAMES[accepted.role]} this document.`;
        this.dispatchEvent(new CustomEvent('share-link-accepted', { detail: accepted, bubbles: true, composed: true }));
      }
    } catch (error) {
      this.error = `The share link cannot be used: ${(error as Error).message}`;
    }
    try {
      const entry = await this.api.get(this.document);
      if (load === this.loadToken) this.entry = entry;
    } catch (error) {
      if (load === this.loadToken) this.error ||= (error as Error).message;
    }
  }

  private async rename(title: string): Promise<void> {
    const entry = this.entry;
    if (!entry) return;
    if (title === entry.title) return this.endRenaming();
    this.saving = true;
    this.renameError = '';
    try {
      this.entry = await this.api.rename(entry.id, title);
      this.status = `Renamed to “${this.entry.title}”.`;
      await this.endRenaming();
    } catch (error) {
      this.renameError = (error as Error).message;
    } finally {
      this.saving = false;
    }
  }

  private async endRenaming(): Promise<void> {
    this.renaming = false;
    this.renameError = '';
    await this.updateComplete;
    this.renameButton?.focus();
  }

  /** Puts the file as the document's new text, and says how the highlights fared. */
  private readonly putVersion = async (file: File, progress: (fraction: number) => void): Promise<void> => {
    const entry = this.entry;
    if (!entry) return;
    this.error = '';
    try {
      const { revision } = await this.api.putText(entry.id, file, progress);
      const counts = revision.annotations ?? { intact: 0, edited: 0, detached: 0 };
      const highlights = counts.intact === 1 ? 'highlight' : 'highlights';
      this.fileNote = `Version ${revision.number} is in: ${counts.intact} ${highlights} intact, ${counts.edited} with edited text, ${counts.detached} detached.`;
      this.entry = { ...entry, sizeBytes: revision.sizeBytes };
      if (this.versions) this.versions = [revision, ...this.versions];
    } catch (error) {
      this.error = `The new version was not taken: ${(error as Error).message}`;
    }
  };

  /** Imports the annotations in the file (they arrive in the annotator live), and says where they landed. */
  private readonly importAnnotations = async (file: File, progress: (fraction: number) => void): Promise<void> => {
    const entry = this.entry;
    if (!entry) return;
    this.error = '';
    try {
      this.fileNote = importNote(file.name, await this.api.importAnnotations(entry.id, file, progress));
    } catch (error) {
      this.error = `Nothing was imported: ${(error as Error).message}`;
    }
  };

  /** Opens or closes the list of the text's versions (read afresh each time it opens). */
  private async toggleVersions(): Promise<void> {
    const entry = this.entry;
    if (this.versions || !entry) {
      this.versions = null;
      return;
    }
    try {
      this.versions = (await this.api.revisions(entry.id)).revisions;
    } catch (error) {
      this.error = `The versions could not be read: ${(error as Error).message}`;
    }
  }

  private renderVersions(versions: readonly RevisionEntry[]) {
    return html`<ol class="versions" aria-label="Versions of the text">
      ${versions.map((v) => {
        const fared = v.annotations ? ` · ${v.annotations.intact} intact, ${v.annotations.edited} edited, ${v.annotations.detached} detached` : '';
        return html`<li>
          <strong>Version ${v.number}</strong> · ${v.author?.name ?? 'someone'}, ${relativeTime(v.createdAt)} · ${Math.max(1, Math.round(v.sizeBytes / 1024))}
          KB${fared}
        </li>`;
      })}
    </ol>`;
  }

  private share(event: MouseEvent): void {
    const entry = this.entry;
    if (!entry) return;
    void this.shareDialog.open({ documentId: entry.id, title: entry.title, pageUrl: withoutShareToken(location.href) }, event.currentTarget as HTMLElement);
  }

  override render() {
    const entry = this.entry;
    const base = (this.server || location.origin).replace(/\/$/, '');
    const canRename = !!entry && atLeast(entry.role, 'editor');
    const owner = entry?.role === 'owner';
    return html`<nav aria-label="Documents"><a href=${this.listHref || `${base}/`}>← All documents</a></nav>
      <div class="row">
        ${
          this.renaming && entry
            ? html`<glossa-rename-field
                label="Document title"
                .value=${entry.title}
                ?busy=${this.saving}
                .error=${this.renameError}
                @rename=${(e: CustomEvent<string>) => this.rename(e.detail)}
                @cancel=${() => this.endRenaming()}
              ></glossa-rename-field>`
            : html`<h1>${entry ? entry.title : html`<span class="muted">${this.error ? 'Document' : 'Loading…'}</span>`}</h1>`
        }
        <div class="actions">
          ${canRename && !this.renaming ? html`<button type="button" class="rename" @click=${() => (this.renaming = true)}>Rename</button>` : null}
          ${entry ? html`<glossa-export-menu .server=${this.server} .token=${this.token} .document=${entry.id} .documentTitle=${entry.title}></glossa-export-menu>` : null}
          ${owner ? html`<button type="button" @click=${this.share}>Share</button>` : null}
          ${entry ? html`<button type="button" aria-expanded=${this.versions ? 'true' : 'false'} @click=${() => void this.toggleVersions()}>Versions</button>` : null}
          ${
            canRename
              ? html`<glossa-file-action label="Upload a new version" accept=${REPORT_FILE_TYPES} .action=${this.putVersion}></glossa-file-action>
                  <glossa-file-action label="Import annotations" accept=${ANNOTATION_FILE_TYPES} .action=${this.importAnnotations}></glossa-file-action>`
              : null
          }
        </div>
      </div>
      <p class="visually-hidden" role="status">${this.status}</p>
      ${this.fileNote ? html`<p class="file-note" role="status">${this.fileNote}</p>` : null} ${this.versions ? this.renderVersions(this.versions) : null}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : null}
      <glossa-share-dialog .server=${this.server} .token=${this.token}></glossa-share-dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'glossa-document-header': GlossaDocumentHeader;
  }
}
