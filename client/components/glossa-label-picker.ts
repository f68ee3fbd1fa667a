// Toggle buttons for choosing labels, usable by keyboard (each is a pressed/unpressed button).

import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Label } from '../../shared/model/types.js';
import { theme } from './theme.js';

@customElement('glossa-label-picker')
export class GlossaLabelPicker extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: flex;
        flex-wrap: wrap;
        gap: 0.3rem;
      }
      button.chip {
        cursor: pointer;
        padding: 0 0.55rem;
      }
      button.chip[aria-pressed='true'] {
        background: color-mix(in srgb, var(--chip-color) 55%, transparent);
        font-weight: 600;
      }
    `,
  ];

  @property({ attribute: false }) labels: Label[] = [];
  @property({ attribute: false }) selected: string[] = [];

  override render() {
    return this.labels.map(
      (label) => html`<button
        type="button"
        class="chip"
        style="--chip-color: ${label.color}"
        aria-pressed=${this.selected.includes(label.id) ? 'true' : 'false'}
        title=${label.description}
        @click=${() => this.toggle(label.id)}
      >
        ${label.name}
      </button>`,
    );
  }

  private toggle(id: string): void {
    this.selected = this.selected.includes(id) ? this.selected.filter((l) => l !== id) : [...this.selected, id];
    this.dispatchEvent(new CustomEvent('labels-change', { detail: this.selected, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'glossa-label-picker': GlossaLabelPicker;
  }
}
