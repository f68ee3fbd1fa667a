// The start page: every document with its annotation count and last change; create one from
// pasted text or an uploaded .txt/.md file.

import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { relativeTime } from './format.js';
import { theme } from './theme.js';

interface DocumentSummary {
  id: string;
  title: string;
  annotationCount: number;
  updatedAt: string;
  sizeBytes: number;
}

@customElement('glossa-document-list')
export class GlossaDocumentList extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: block;
        max-width: 56rem;
        margin: 0 auto;
        padding: 1.5rem;
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
      }
      td.num {
        text-align: right;
      }
      form {
        display: grid;
        gap: 0.5rem;
        margin-top: 2rem;
        padding: 1rem;
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        background: var(--_panel);
      }
      textarea {
        min-height: 8rem;
      }
      .error {
        color: var(--_danger);
      }
    `,
  ];

  /** Origin of the Glossa server; defaults to the page's own. */
  @property() server = '';
  /** Signed identity token (token mode), sent as Authorization. */
  @property() token = '';
  @state() private documents: DocumentSummary[] | null = null;
  @state() private error = '';

  private get auth(): Record<string, string> {
    return this.token ? { Authorization: `Bearer ${this.token}` } : {};
  }

  private get base(): string {
    return (this.server || location.origin).replace(/\/$/, '');
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      const res = await fetch(`${this.base}/api/documents`, { headers: this.auth });
      this.documents = ((await res.json()) as { documents: DocumentSummary[] }).documents;
    } catch {
      this.error = 'The server cannot be reached.';
    }
  }

  override render() {
    return html`
      <h1>Documents</h1>
      ${this.documents === null
        ? html`<p class="muted" role="status">Loading…</p>`
        : html`<table>
            <thead><tr><th scope="col">Title</th><th scope="col">Annotations</th><th scope="col">Last change</th></tr></thead>
            <tbody>
              ${this.documents.map(
                (d) => html`<tr>
                  <td><a href="${this.base}/documents/${encodeURIComponent(d.id)}">${d.title}</a></td>
                  <td class="num">${d.annotationCount}</td>
                  <td>${relativeTime(d.updatedAt)}</td>
                </tr>`,
              )}
            </tbody>
          </table>`}
      <form @submit=${this.create} aria-label="New document">
        <h2>New document</h2>
        <label>Title <input name="title" maxlength="200" /></label>
        <label>Paste the text <textarea name="text"></textarea></label>
        <label>…or upload a .txt or .md file <input name="file" type="file" accept=".txt,.md,.markdown,text/plain,text/markdown" /></label>
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : null}
        <button class="primary" type="submit">Create and open</button>
      </form>
    `;
  }

  private async create(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const file = data.get('file');
    const title = String(data.get('title') ?? '').trim();
    let res: Response;
    if (file instanceof File && file.size > 0) {
      const upload = new FormData();
      upload.set('file', file);
      if (title) upload.set('title', title);
      res = await fetch(`${this.base}/api/documents`, { method: 'POST', body: upload, headers: this.auth });
    } else {
      res = await fetch(`${this.base}/api/documents`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...this.auth },
        body: JSON.stringify({ title: title || 'Untitled', text: String(data.get('text') ?? '') }),
      });
    }
    const body = (await res.json()) as { id?: string; error?: { message: string } };
    if (!res.ok || !body.id) {
      this.error = body.error?.message ?? `The server refused (${res.status}).`;
      return;
    }
    location.assign(`${this.base}/documents/${encodeURIComponent(body.id)}`);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'glossa-document-list': GlossaDocumentList;
  }
}
