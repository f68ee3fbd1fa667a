// <glossa-file-action label accept>: a button that sends a file the person picks, or drops on it,
// and shows how much of it has gone while it uploads. What is done with the file (and what the
// person is told afterwards) is the `action` its owner gives.

import { LitElement, css, html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { theme } from './theme.js';

/** Sends the file, calling `progress` with the fraction sent so far. */
export type FileAction = (file: File, progress: (fraction: number) => void) => Promise<void>;

const carriesFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;

@customElement('glossa-file-action')
export class GlossaFileAction extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: inline-flex;
        align-items: center;
        gap: 0.4rem;
      }
      /* Not disabled while sending: a disabled button takes no drops, and a file dropped there would replace the page. */
      button[aria-disabled='true'] {
        opacity: 0.6;
        cursor: progress;
      }
      button.over {
        outline: 2px dashed var(--_accent);
        outline-offset: 2px;
      }
      progress {
        width: 5rem;
      }
    `,
  ];

  @property() label = '';
  /** What the file picker offers (an `accept` list). */
  @property() accept = '';
  @property({ attribute: false }) action: FileAction | null = null;

  @state() private busy = false;
  /** The fraction sent, once the browser knows it. */
  @state() private sent: number | null = null;
  @state() private over = false;
  @query('input') private input!: HTMLInputElement;

  private async send(file: File | undefined): Promise<void> {
    if (!file || !this.action || this.busy) return;
    this.busy = true;
    this.sent = null;
    try {
      await this.action(file, (fraction) => (this.sent = fraction));
    } finally {
      this.busy = false;
      this.sent = null;
      this.input.value = '';
    }
  }

  private dragOver(event: DragEvent): void {
    if (!carriesFiles(event)) return;
    // Without this the browser would open the dropped file in place of the page (busy or not).
    event.preventDefault();
    event.dataTransfer!.dropEffect = this.busy ? 'none' : 'copy';
    this.over = !this.busy;
  }

  private drop(event: DragEvent): void {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    this.over = false;
    if (!this.busy) void this.send(event.dataTransfer!.files[0]);
  }

  override render() {
    const percent = this.sent === null ? '' : ` ${Math.round(this.sent * 100)} %`;
    return html`<button
        type="button"
        class=${this.over ? 'over' : ''}
        aria-disabled=${this.busy ? 'true' : 'false'}
        @click=${() => (this.busy ? undefined : this.input.click())}
        @dragenter=${this.dragOver}
        @dragover=${this.dragOver}
        @dragleave=${() => (this.over = false)}
        @drop=${this.drop}
      >
        ${this.busy ? `${this.label}: sending${percent}…` : this.over ? `Drop to ${this.label.toLowerCase()}` : this.label}
      </button>
      ${this.busy && this.sent !== null ? html`<progress max="1" .value=${this.sent} aria-label="${this.label}: sent"></progress>` : null}
      <input type="file" hidden accept=${this.accept} @change=${() => void this.send(this.input.files?.[0])} />`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'glossa-file-action': GlossaFileAction;
  }
}
