// <glossa-rename-field>: a title being renamed in place. Enter (or Save) asks for the rename,
// Esc (or Cancel) gives up; the owner of the title does the saving and puts focus back.

import { LitElement, type PropertyValues, css, html } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { theme } from './theme.js';

/** What the server accepts (docs/api.md). */
export const MAX_TITLE_CHARS = 200;

@customElement('glossa-rename-field')
export class GlossaRenameField extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: block;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem;
        align-items: center;
      }
      input {
        flex: 1 1 12rem;
        min-width: 0;
        font-size: inherit;
        font-weight: inherit;
      }
      .error {
        color: var(--_danger);
        font-size: 0.85rem;
        margin: 0.25rem 0 0;
      }
      .error:empty {
        margin: 0;
      }
    `,
  ];

  /** The current title, to start from. */
  @property() value = '';
  /** The field's accessible name. */
  @property() label = 'Title';
  /** A rename is being saved: the field waits. */
  @property({ type: Boolean }) busy = false;
  /** Why the last attempt failed. */
  @property() error = '';
  @query('input') private input!: HTMLInputElement;

  protected override firstUpdated(_changed: PropertyValues): void {
    this.input.focus();
    this.input.select();
  }

  private save(): void {
    const title = this.input.value.trim();
    if (!title) {
      this.error = 'The title may not be empty.';
      return;
    }
    this.dispatchEvent(new CustomEvent<string>('rename', { detail: title, bubbles: true, composed: true }));
  }

  private cancel(): void {
    this.dispatchEvent(new CustomEvent('cancel', { bubbles: true, composed: true }));
  }

  private onKeyDown(event: KeyboardEvent): void {
    if (event.key === 'Enter') {
      event.preventDefault();
      this.save();
    } else if (event.key === 'Escape') {
      // Esc ends the renaming, not whatever surrounds it (a dialog, the annotator).
      event.preventDefault();
      event.stopPropagation();
      this.cancel();
    }
  }

  override render() {
    return html`<div class="row">
        <input
          .value=${this.value}
          aria-label=${this.label}
          aria-describedby="rename-error"
          aria-invalid=${this.error ? 'true' : 'false'}
          maxlength=${MAX_TITLE_CHARS}
          ?readonly=${this.busy}
          @keydown=${this.onKeyDown}
        />
        <button type="button" class="primary" ?disabled=${this.busy} @click=${this.save}>Save</button>
        <button type="button" @click=${this.cancel}>Cancel</button>
      </div>
      <p id="rename-error" class="error" role="alert">${this.error}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'glossa-rename-field': GlossaRenameField;
  }
}
