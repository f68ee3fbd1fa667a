// <glossa-export-menu>: the Export menu button of a document (WAI-ARIA menu button: Enter, Space
// or the arrows open it, the arrows move, Esc closes it and focus goes back to the button).
// Items are links to the export formats, downloaded as files.

import { LitElement, css, html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { DocumentsApi } from '../sync/documents-api.js';
import { theme } from './theme.js';

interface ExportFormat {
  label: string;
  query: string;
  extension: string;
}

const FORMATS: ExportFormat[] = [
  { label: 'W3C Web Annotation (JSON-LD)', query: 'w3c', extension: 'jsonld' },
  { label: 'CSV (spreadsheet)', query: 'csv', extension: 'csv' },
];

/** A file name from a title: what file systems refuse is replaced. */
function fileName(title: string, extension: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are among what file names may not hold
  const base = title.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '-').trim() || 'annotations';
  return `${base}.${extension}`;
}

@customElement('glossa-export-menu')
export class GlossaExportMenu extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        position: relative;
        display: inline-block;
      }
      [role='menu'] {
        position: absolute;
        right: 0;
        top: calc(100% + 0.25rem);
        z-index: 30;
        min-width: 16rem;
        max-width: calc(100vw - 1rem);
        margin: 0;
        padding: 0.3rem;
        list-style: none;
        background: var(--_bg);
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        box-shadow: 0 8px 24px rgba(0, 0, 0, 0.15);
      }
      a {
        display: block;
        padding: 0.45rem 0.6rem;
        border-radius: var(--_radius);
        color: inherit;
        text-decoration: none;
      }
      a:hover,
      a:focus {
        background: var(--_panel);
      }
    `,
  ];

  /** Origin of the Glossa server; defaults to the page's own. */
  @property() server = '';
  @property() document = '';
  /** Signed identity token (token mode): exports are then fetched with it. */
  @property() token = '';
  /** The document's title, to name the files after. */
  @property({ attribute: 'document-title' }) documentTitle = '';

  @state() private open = false;
  @state() private error = '';
  @query('button') private button!: HTMLButtonElement;

  private readonly onOutside = (event: PointerEvent) => {
    if (!event.composedPath().includes(this)) this.open = false;
  };

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('pointerdown', this.onOutside);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('pointerdown', this.onOutside);
  }

  private get items(): HTMLAnchorElement[] {
    return [...this.shadowRoot!.querySelectorAll<HTMLAnchorElement>('[role="menuitem"]')];
  }

  private async show(focus: 'first' | 'last'): Promise<void> {
    this.open = true;
    await this.updateComplete;
    const items = this.items;
    (focus === 'first' ? items[0] : items.at(-1))?.focus();
  }

  private hide(returnFocus: boolean): void {
    this.open = false;
    if (returnFocus) this.button.focus();
  }

  private onButtonKey(event: KeyboardEvent): void {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      void this.show(event.key === 'ArrowDown' ? 'first' : 'last');
    }
  }

  private onMenuKey(event: KeyboardEvent): void {
    const items = this.items;
    const at = items.indexOf(this.shadowRoot!.activeElement as HTMLAnchorElement);
    const move = (to: number) => {
      event.preventDefault();
      items[(to + items.length) % items.length]?.focus();
    };
    switch (event.key) {
      case 'ArrowDown':
        return move(at + 1);
      case 'ArrowUp':
        return move(at - 1);
      case 'Home':
        return move(0);
      case 'End':
        return move(items.length - 1);
      case 'Escape':
        event.preventDefault();
        event.stopPropagation();
        return this.hide(true);
      case 'Tab':
        return this.hide(false);
      case ' ':
        event.preventDefault();
        items[at]?.click();
        return;
    }
  }

  private href(format: ExportFormat): string {
    return new DocumentsApi({ server: this.server, token: this.token }).url(
      `/api/documents/${encodeURIComponent(this.document)}/annotations?format=${format.query}`,
    );
  }

  private async activate(event: MouseEvent): Promise<void> {
    const link = event.currentTarget as HTMLAnchorElement;
    const url = new URL(link.href);
    // A plain link downloads from the page's own origin without a token; the menu closes after the
    // browser has followed it (a link taken out of the page first is not followed).
    if (!this.token && url.origin === location.origin) {
      setTimeout(() => this.hide(true));
      return;
    }
    // Otherwise the file is fetched (with the token) and handed to the browser as one.
    event.preventDefault();
    this.hide(true);
    this.error = '';
    try {
      const blob = await new DocumentsApi({ server: this.server, token: this.token }).download(url.pathname + url.search);
      const objectUrl = URL.createObjectURL(blob);
      Object.assign(document.createElement('a'), { href: objectUrl, download: link.download }).click();
      setTimeout(() => URL.revokeObjectURL(objectUrl), 60_000);
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  override render() {
    return html`<button
        type="button"
        id="export-button"
        aria-haspopup="menu"
        aria-expanded=${this.open ? 'true' : 'false'}
        aria-controls="export-menu"
        @click=${() => (this.open ? this.hide(false) : void this.show('first'))}
        @keydown=${this.onButtonKey}
      >
        Export <span aria-hidden="true">▾</span>
      </button>
      ${
        this.open
          ? html`<ul id="export-menu" role="menu" aria-labelledby="export-button" @keydown=${this.onMenuKey}>
              ${FORMATS.map(
                (format) =>
                  html`<li role="none">
                    <a
                      role="menuitem"
                      tabindex="-1"
                      href=${this.href(format)}
                      download=${fileName(this.documentTitle, format.extension)}
                      @click=${this.activate}
                      >${format.label}</a
                    >
                  </li>`,
              )}
            </ul>`
          : null
      }
      ${this.error ? html`<span class="visually-hidden" role="alert">${this.error}</span>` : null}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'glossa-export-menu': GlossaExportMenu;
  }
}
