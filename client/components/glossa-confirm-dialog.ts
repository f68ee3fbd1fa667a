// <glossa-confirm-dialog>: asks before something that cannot be undone. Cancel has focus when it
// opens, so Enter or Esc straight away changes nothing; focus goes back to the opener.

import { LitElement, html } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { dialogStyles } from './dialog-styles.js';
import { theme } from './theme.js';

export interface ConfirmRequest {
  heading: string;
  message: string;
  /** The confirming button's text, e.g. "Delete". */
  confirm: string;
}

@customElement('glossa-confirm-dialog')
export class GlossaConfirmDialog extends LitElement {
  static override styles = [theme, dialogStyles];

  @state() private request: ConfirmRequest | null = null;
  @query('dialog') private dialog!: HTMLDialogElement;
  @query('button.cancel') private cancelButton!: HTMLButtonElement;
  private answer: ((confirmed: boolean) => void) | null = null;
  private opener: HTMLElement | null = null;

  /** Opens the dialog; resolves true when the person confirms, false otherwise. */
  async ask(request: ConfirmRequest, opener: HTMLElement | null): Promise<boolean> {
    this.answer?.(false);
    this.request = request;
    this.opener = opener;
    await this.updateComplete;
    this.dialog.showModal();
    this.cancelButton.focus();
    return new Promise((resolve) => (this.answer = resolve));
  }

  private finish(confirmed: boolean): void {
    if (this.dialog.open) this.dialog.close();
    this.answer?.(confirmed);
    this.answer = null;
    // A confirmed deletion may have taken the opener away; the caller moves focus then.
    if (this.opener?.isConnected) this.opener.focus();
    this.opener = null;
  }

  override render() {
    const request = this.request;
    return html`<dialog
      role="dialog"
      aria-modal="true"
      aria-labelledby="confirm-heading"
      aria-describedby="confirm-message"
      @cancel=${(e: Event) => {
        e.preventDefault();
        this.finish(false);
      }}
      @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && e.stopPropagation()}
    >
      <h2 id="confirm-heading">${request?.heading}</h2>
      <p id="confirm-message">${request?.message}</p>
      <div class="buttons">
        <button type="button" class="cancel" @click=${() => this.finish(false)}>Cancel</button>
        <button type="button" class="destructive" @click=${() => this.finish(true)}>${request?.confirm}</button>
      </div>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'glossa-confirm-dialog': GlossaConfirmDialog;
  }
}
