// <glossa-label-form>: a label's name, colour and description, for a new label or one being edited in
// place. It checks what the server would refuse (an empty name, a name another label has) before
// anything is sent, and leaves the sending to its owner (the label manager).

import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { labelNamed } from '../../shared/model/labels.js';
import type { Label } from '../../shared/model/types.js';
import { LABEL_PALETTE } from './label-palette.js';
import { theme } from './theme.js';
import { cssProperties } from './css-properties.js';

export interface LabelDraft {
  name: string;
  color: string;
  description: string;
}

/** What the server accepts (shared/model/commands.ts). */
const MAX_NAME = 60;
const MAX_DESCRIPTION = 500;

@customElement('glossa-label-form')
export class GlossaLabelForm extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: block;
      }
      form {
        display: grid;
        gap: 0.6rem;
      }
      .field {
        display: grid;
        gap: 0.2rem;
      }
      label,
      legend {
        font-size: 0.85rem;
        font-weight: 600;
      }
      input:not([type]),
      textarea {
        width: 100%;
        box-sizing: border-box;
        min-width: 0;
      }
      textarea {
        resize: vertical;
      }
      fieldset {
        border: 0;
        margin: 0;
        padding: 0;
        min-width: 0;
      }
      .swatches {
        display: flex;
        flex-wrap: wrap;
        gap: 0.45rem;
        align-items: center;
        margin-top: 0.25rem;
      }
      input[type='radio'] {
        appearance: none;
        margin: 0;
        width: 1.75rem;
        height: 1.75rem;
        border-radius: 50%;
        background: var(--swatch);
        border: 2px solid var(--_bg);
        box-shadow: 0 0 0 1px var(--_border);
        cursor: pointer;
      }
      /* Chosen: a dark ring and a white dot, so it does not rest on seeing the colour. */
      input[type='radio']:checked {
        box-shadow: 0 0 0 2px var(--_fg);
        background: radial-gradient(circle, #fff 0 22%, var(--swatch) 24%);
      }
      input[type='radio']:focus-visible {
        outline: 3px solid var(--_accent);
        outline-offset: 2px;
      }
      .custom {
        display: inline-flex;
        align-items: center;
        gap: 0.3rem;
        font-weight: normal;
      }
      input[type='color'] {
        width: 2.25rem;
        height: 1.9rem;
        padding: 0.1rem;
        cursor: pointer;
      }
      .error {
        color: var(--_danger);
        font-size: 0.85rem;
        margin: 0;
      }
      .error:empty {
        display: none;
      }
      .buttons {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem;
        justify-content: flex-end;
      }
    `,
  ];

  /** Every label of the document, to refuse a name one of them has. */
  @property({ attribute: false }) labels: Label[] = [];
  /** The label being edited (its own name is not a clash), or null for a new one. */
  @property({ attribute: false }) labelId: string | null = null;
  /** What the fields start from. */
  @property({ attribute: false }) value: LabelDraft = { name: '', color: LABEL_PALETTE[0]!.color, description: '' };
  /** The submit button's text. */
  @property() submitText = 'Save';
  /** Whether a Cancel button is offered (Esc cancels too). */
  @property({ type: Boolean }) cancellable = false;
  /** The owner is sending: the form waits. */
  @property({ type: Boolean }) busy = false;
  @state() private draft: LabelDraft = this.value;
  @state() private error = '';
  @query('#name') private nameInput!: HTMLInputElement;

  protected override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('value')) this.draft = { ...this.value, color: this.value.color.toLowerCase() };
  }

  /** Starts again from `value` (after a label was added, for the next one). */
  reset(value: LabelDraft = this.value): void {
    this.value = value;
    this.draft = { ...value, color: value.color.toLowerCase() };
    this.error = '';
  }

  focusName(): void {
    void this.updateComplete.then(() => this.nameInput.focus());
  }

  private set(change: Partial<LabelDraft>): void {
    this.draft = { ...this.draft, ...change };
    if ('name' in change) this.error = '';
  }

  private submit(event?: Event): void {
    event?.preventDefault();
    if (this.busy) return;
    const name = this.draft.name.trim();
    const taken = name ? labelNamed(this.labels, name, this.labelId ?? undefined) : undefined;
    if (!name) this.error = 'Give the label a name.';
    else if (taken) this.error = `A label named “${taken.name}” already exists${taken.archived ? ' (archived: restore it instead)' : ''}.`;
    if (this.error) {
      this.nameInput.focus();
      return;
    }
    const detail: LabelDraft = { name, color: this.draft.color, description: this.draft.description.trim() };
    this.dispatchEvent(new CustomEvent<LabelDraft>('label-submit', { detail, bubbles: true, composed: true }));
  }

  private onKeyDown(event: KeyboardEvent): void {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) this.submit(event);
    else if (event.key === 'Escape' && this.cancellable) {
      // Esc ends the editing, not the dialog around it.
      event.preventDefault();
      event.stopPropagation();
      this.cancel();
    }
  }

  private cancel(): void {
    this.dispatchEvent(new CustomEvent('cancel', { bubbles: true, composed: true }));
  }

  override render() {
    const { name, color, description } = this.draft;
    return html`<form novalidate @submit=${this.submit} @keydown=${this.onKeyDown}>
      <div class="field">
        <label for="name">Name</label>
        <input
          id="name"
          autocomplete="off"
          maxlength=${MAX_NAME}
          aria-invalid=${this.error ? 'true' : 'false'}
          aria-describedby="name-error"
          .value=${live(name)}
          @input=${(e: InputEvent) => this.set({ name: (e.target as HTMLInputElement).value })}
        />
        <p id="name-error" class="error" role="alert">${this.error}</p>
      </div>
      <fieldset>
        <legend>Colour</legend>
        <div class="swatches">
          ${LABEL_PALETTE.map(
            (p) =>
              html`<input
                type="radio"
                name="colour"
                style=${cssProperties({ '--swatch': p.color })}
                aria-label=${p.name}
                title=${p.name}
                .value=${p.color}
                .checked=${live(color === p.color)}
                @change=${() => this.set({ color: p.color })}
              />`,
          )}
          <label class="custom"
            >Custom
            <input type="color" .value=${live(color)} @input=${(e: InputEvent) => this.set({ color: (e.target as HTMLInputElement).value.toLowerCase() })}
          /></label>
        </div>
      </fieldset>
      <div class="field">
        <label for="description">Description <span class="muted">(optional)</span></label>
        <textarea
          id="description"
          rows="2"
          maxlength=${MAX_DESCRIPTION}
          .value=${live(description)}
          @input=${(e: InputEvent) => this.set({ description: (e.target as HTMLTextAreaElement).value })}
        ></textarea>
      </div>
      <div class="buttons">
        ${this.cancellable ? html`<button type="button" @click=${this.cancel}>Cancel</button>` : nothing}
        <button type="submit" class="primary" ?disabled=${this.busy}>${this.submitText}</button>
      </div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'glossa-label-form': GlossaLabelForm;
  }
}
