// <glossa-share-dialog>: an owner shares a document. With tokens: a link that gives a role until it
// expires (created, shown once, copied; listed with role and expiry; revoked). In open mode there
// are no roles to give: the dialog says so and offers the document's address.

import { LitElement, css, html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { LinkRole, ShareLinkEntry } from '../../shared/protocol/documents-api.js';
import { DocumentsApi } from '../sync/documents-api.js';
import { shareLinkUrl, withoutShareToken } from '../sync/share-link.js';
import { dialogStyles } from './dialog-styles.js';
import { exactTime, relativeTime } from './format.js';
import { theme } from './theme.js';
import { formText } from './form-text.js';

export interface ShareTarget {
  documentId: string;
  title: string;
  /** The page that shows the document, which the link opens (relative to this page). */
  pageUrl: string;
}

const ROLES: { role: LinkRole; label: string }[] = [
  { role: 'viewer', label: 'Viewer: can read' },
  { role: 'commenter', label: 'Commenter: can annotate and comment' },
  { role: 'editor', label: "Editor: can also change others' work and the text" },
];
const ROLE_NAMES: Record<LinkRole, string> = { viewer: 'Viewer', commenter: 'Commenter', editor: 'Editor' };

const DAY = 24 * 3600;
const EXPIRIES = [
  { seconds: DAY, label: '1 day' },
  { seconds: 7 * DAY, label: '7 days' },
  { seconds: 30 * DAY, label: '30 days' },
];

@customElement('glossa-share-dialog')
export class GlossaShareDialog extends LitElement {
  static override styles = [
    theme,
    dialogStyles,
    css`
      form {
        display: grid;
        grid-template-columns: minmax(0, 1fr) auto;
        gap: 0.6rem;
        align-items: end;
      }
      label.role {
        grid-column: 1 / -1;
      }
      label {
        display: grid;
        gap: 0.2rem;
        font-size: 0.9rem;
      }
      select,
      input {
        min-width: 0;
      }
      .link {
        display: grid;
        gap: 0.3rem;
        margin: 0.9rem 0;
      }
      .link div {
        display: flex;
        gap: 0.4rem;
      }
      .link input {
        flex: 1;
      }
      h3 {
        font-size: 0.95rem;
        margin: 1.1rem 0 0.4rem;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 0.3rem;
      }
      li {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: 0.4rem;
        padding: 0.35rem 0.5rem;
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
      }
      [role='status'] {
        min-height: 1.2rem;
        margin: 0.6rem 0 0;
        font-size: 0.9rem;
      }
    `,
  ];

  /** Origin of the Glossa server; defaults to the page's own. */
  @property() server = '';
  /** Signed identity token (token mode); without one the server is taken to be in open mode. */
  @property() token = '';

  @state() private target: ShareTarget | null = null;
  @state() private links: ShareLinkEntry[] | null = null;
  /** The link made in this dialog: its secret is shown this once. */
  @state() private created: { id: string; url: string } | null = null;
  @state() private status = '';
  @state() private error = '';
  @state() private busy = false;
  @query('dialog') private dialog!: HTMLDialogElement;
  private opener: HTMLElement | null = null;

  private get api(): DocumentsApi {
    return new DocumentsApi({ server: this.server, token: this.token });
  }

  private get openMode(): boolean {
    return !this.token;
  }

  /** Opens the dialog for a document; focus goes back to `opener` when it closes. */
  async open(target: ShareTarget, opener: HTMLElement | null): Promise<void> {
    this.target = target;
    this.opener = opener;
    this.created = null;
    this.status = '';
    this.error = '';
    this.links = null;
    await this.updateComplete;
    this.dialog.showModal();
    this.shadowRoot!.querySelector<HTMLElement>('select, .link button')?.focus();
    if (!this.openMode) await this.loadLinks();
  }

  close(): void {
    if (this.dialog.open) this.dialog.close();
    this.target = null;
    this.opener?.focus();
    this.opener = null;
  }

  private async loadLinks(): Promise<void> {
    if (!this.target) return;
    try {
      const now = Date.now();
      const links = await this.api.shareLinks(this.target.documentId);
      this.links = links.filter((l) => !l.revokedAt && Date.parse(l.expiresAt) > now).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  private async create(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const target = this.target;
    if (!target || this.busy) return;
    const data = new FormData(event.target as HTMLFormElement);
    const role = formText(data, 'role') as LinkRole;
    const seconds = Number(data.get('expires'));
    this.busy = true;
    this.error = '';
    try {
      const { shareLink, token } = await this.api.createShareLink(target.documentId, role, seconds);
      this.created = { id: shareLink.id, url: shareLinkUrl(target.pageUrl, token) };
      await this.loadLinks();
      await this.copy(this.created.url, `${ROLE_NAMES[role]} link created and copied to the clipboard.`);
    } catch (error) {
      this.error = (error as Error).message;
    } finally {
      this.busy = false;
    }
  }

  private async copy(url: string, done = 'Link copied to the clipboard.'): Promise<void> {
    try {
      await navigator.clipboard.writeText(url);
      this.status = done;
    } catch {
      // No clipboard access (an insecure page, or permission refused): the link is selected instead.
      this.status = 'Copy the selected link with Ctrl+C (⌘C).';
      const input = this.shadowRoot!.querySelector<HTMLInputElement>('.link input');
      input?.focus();
      input?.select();
    }
  }

  private async revoke(link: ShareLinkEntry): Promise<void> {
    if (!this.target) return;
    this.error = '';
    try {
      await this.api.revokeShareLink(this.target.documentId, link.id);
      if (this.created?.id === link.id) this.created = null;
      await this.loadLinks();
      this.status = `${ROLE_NAMES[link.role]} link revoked: it no longer opens the document, and the access it gave has ended.`;
      // The revoked link's row is gone; the list's heading keeps the place.
      await this.updateComplete;
      this.shadowRoot!.querySelector<HTMLElement>('#links-heading')?.focus();
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  override render() {
    const target = this.target;
    return html`<dialog
      role="dialog"
      aria-modal="true"
      aria-labelledby="share-heading"
      @cancel=${(e: Event) => {
        e.preventDefault();
        this.close();
      }}
      @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && e.stopPropagation()}
    >
      ${
        target
          ? html`<h2 id="share-heading">Share “${target.title}”</h2>
              ${this.openMode ? this.renderOpenMode(target) : this.renderLinks()}`
          : null
      }
      <p role="status">${this.status}</p>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : null}
      <div class="buttons"><button type="button" @click=${() => this.close()}>Close</button></div>
    </dialog>`;
  }

  private renderOpenMode(target: ShareTarget) {
    const url = withoutShareToken(target.pageUrl);
    return html`<p>
        This server runs in open mode: everyone who can reach it may open, annotate and change every document, so there are no roles or expiring links to give.
        To share the document, send its address.
      </p>
      ${this.renderLink('Address of the document', url)}`;
  }

  private renderLinks() {
    return html`<form @submit=${this.create}>
        <label class="role"
          >Role
          <select name="role">
            ${ROLES.map((r) => html`<option value=${r.role} ?selected=${r.role === 'commenter'}>${r.label}</option>`)}
          </select></label
        >
        <label
          >Expires after
          <select name="expires">
            ${EXPIRIES.map((e) => html`<option value=${e.seconds} ?selected=${e.seconds === 7 * DAY}>${e.label}</option>`)}
          </select></label
        >
        <button class="primary" type="submit" ?disabled=${this.busy}>Create link</button>
      </form>
      ${this.created ? this.renderLink('New link (shown only now: copy it before closing)', this.created.url) : null}
      <h3 id="links-heading" tabindex="-1">Active links</h3>
      ${
        this.links === null
          ? html`<p class="muted">Loading…</p>`
          : this.links.length === 0
            ? html`<p class="muted">No active links.</p>`
            : html`<ul aria-labelledby="links-heading">
                ${this.links.map((link) => {
                  const expires = relativeTime(link.expiresAt);
                  return html`<li>
                    <span>${ROLE_NAMES[link.role]} · expires <time datetime=${link.expiresAt} title=${exactTime(link.expiresAt)}>${expires}</time></span>
                    <button
                      type="button"
                      class="danger"
                      aria-label="Revoke ${ROLE_NAMES[link.role].toLowerCase()} link (expires ${expires})"
                      @click=${() => this.revoke(link)}
                    >
                      Revoke
                    </button>
                  </li>`;
                })}
              </ul>`
      }`;
  }

  private renderLink(label: string, url: string) {
    return html`<div class="link">
      <label for="link-url">${label}</label>
      <div>
        <input id="link-url" readonly .value=${url} @focus=${(e: FocusEvent) => (e.target as HTMLInputElement).select()} />
        <button type="button" @click=${() => this.copy(url)}>Copy link</button>
      </div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'glossa-share-dialog': GlossaShareDialog;
  }
}
