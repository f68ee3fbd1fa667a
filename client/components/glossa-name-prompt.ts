// Asks for a display name the first time a person writes (open mode only: with a token, the token
// names them). Reading never needs it. A modal <dialog>: focus is trapped and Esc cancels.

import { LitElement, css, html } from 'lit';
import { customElement, query } from 'lit/decorators.js';
import { theme } from './theme.js';

@customElement('glossa-name-prompt')
export class GlossaNamePrompt extends LitElement {
  static override styles = [
    theme,
    css`
      dialog {
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        padding: 1rem;
        width: min(22rem, calc(100vw - 2rem));
        box-sizing: border-box;
      }
      dialog::backdrop {
        background: rgba(0, 0, 0, 0.25);
      }
      form {
        display: grid;
        gap: 0.6rem;
      }
      h2 {
        font-size: 1rem;
        margin: 0;
      }
      .actions {
        display: flex;
        gap: 0.4rem;
        justify-content: flex-end;
      }
    `,
  ];

  @query('dialog') private dialog!: HTMLDialogElement;
  private resolve: ((name: string | null) => void) | null = null;

  override render() {
    return html`<dialog aria-labelledby="name-title" @close=${this.onClose} @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && e.stopPropagation()}>
      <form @submit=${this.submit}>
        <h2 id="name-title">Before you write: your name</h2>
        <label for="name">Your name, as others will see it</label>
        <input id="name" name="name" required maxlength="80" autocomplete="name" />
        <div class="actions">
          <button type="button" @click=${() => this.dialog.close()}>Cancel</button>
          <button class="primary" type="submit">Continue</button>
        </div>
      </form>
    </dialog>`;
  }

  /** Opens the dialog; resolves with the chosen name, or null when the person cancels. */
  async ask(): Promise<string | null> {
    await this.updateComplete;
    this.resolve?.(null);
    const input = this.shadowRoot!.querySelector('input')!;
    input.value = '';
    this.dialog.showModal();
    input.focus();
    return new Promise((resolve) => (this.resolve = resolve));
  }

  private submit(event: SubmitEvent): void {
    event.preventDefault();
    const name = this.shadowRoot!.querySelector('input')!.value.trim();
    if (!name) return;
    this.resolve?.(name);
    this.resolve = null;
    this.dialog.close();
  }

  private onClose = (): void => {
    this.resolve?.(null);
    this.resolve = null;
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'glossa-name-prompt': GlossaNamePrompt;
  }
}
