// The popover after selecting a passage: labels, an optional first comment, save — or annotate
// every occurrence of the phrase.

import { LitElement, css, html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { Label } from '../../shared/model/types.js';
import { trapTab } from '../focus/deep-focus.js';
import { truncate } from './format.js';
import type { GlossaLabelPicker } from './glossa-label-picker.js';
import './glossa-label-picker.js';
import { theme } from './theme.js';

export interface AnnotateRequest {
  labels: string[];
  comment: string;
  allOccurrences: boolean;
}

@customElement('glossa-annotate-popover')
export class GlossaAnnotatePopover extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        position: fixed;
        z-index: 10;
        /* Border and padding inside the width: it must fit the viewport, whatever its padding. */
        box-sizing: border-box;
        width: min(24rem, calc(100vw - 1rem));
        max-height: calc(100vh - 1rem);
        overflow: auto;
        background: var(--_bg);
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        box-shadow: 0 8px 24px rgba(0, 0, 0, 0.15);
        padding: 0.75rem;
      }
      [role='dialog'] {
        display: grid;
        gap: 0.6rem;
        min-width: 0;
      }
      /* Phones: a sheet along the bottom edge, whatever the selection's place (set inline). */
      @media (max-width: 600px) {
        :host {
          top: auto !important;
          left: 0 !important;
          right: 0;
          bottom: 0;
          width: 100%;
          max-height: 75vh;
          border-radius: 12px 12px 0 0;
          border-width: 1px 0 0;
          box-shadow: 0 -8px 24px rgba(0, 0, 0, 0.18);
        }
        .actions button {
          min-height: 2.75rem;
        }
      }
      .quote {
        font-family: var(--_text-font);
        font-style: italic;
      }
      textarea {
        width: 100%;
        box-sizing: border-box;
        min-height: 4rem;
        resize: vertical;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem;
        justify-content: flex-end;
      }
    `,
  ];

  @property() quote = '';
  @property({ type: Number }) occurrences = 1;
  @property({ attribute: false }) labels: Label[] = [];
  @state() private selected: string[] = [];
  @query('glossa-label-picker') private picker!: GlossaLabelPicker | null;

  override render() {
    return html`
      <div role="dialog" aria-label="Annotate selection" @keydown=${this.onKeyDown}>
        <div class="quote">“${truncate(this.quote, 140)}”</div>
        <glossa-label-picker
          .labels=${this.labels}
          .selected=${this.selected}
          @labels-change=${(e: CustomEvent<string[]>) => (this.selected = e.detail)}
        ></glossa-label-picker>
        <label class="visually-hidden" for="comment">First comment (Markdown)</label>
        <textarea id="comment" placeholder="Add a comment (optional, Markdown)…"></textarea>
        <div class="actions">
          <button type="button" @click=${() => this.dispatchEvent(new CustomEvent('cancel'))}>Cancel</button>
          ${this.occurrences > 1 ? html`<button type="button" @click=${() => this.save(true)}>Annotate all ${this.occurrences}</button>` : null}
          <button type="button" class="primary" @click=${() => this.save(false)}>Save</button>
        </div>
      </div>
    `;
  }

  // Focus moves in once, when the popover opens: later renders (a peer's cursor moving, a label
  // toggled) must never pull it back out of the comment box.
  protected override firstUpdated(): void {
    void this.focusFirst();
  }

  private async focusFirst(): Promise<void> {
    await this.picker?.updateComplete;
    const first = this.picker?.shadowRoot?.querySelector('button');
    (first ?? this.shadowRoot!.querySelector('textarea'))?.focus();
  }

  private onKeyDown(event: KeyboardEvent): void {
    trapTab(event, this.shadowRoot!);
    // Keys 1–9 label the passage from anywhere in the popover but the comment box.
    if (this.picker?.handleShortcut(event)) return;
    if (event.key === 'Escape') {
      event.stopPropagation();
      this.dispatchEvent(new CustomEvent('cancel'));
    } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      this.save(false);
    }
  }

  private save(allOccurrences: boolean): void {
    const comment = this.shadowRoot!.querySelector('textarea')!.value.trim();
    this.dispatchEvent(new CustomEvent<AnnotateRequest>('annotate', { detail: { labels: this.selected, comment, allOccurrences } }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'glossa-annotate-popover': GlossaAnnotatePopover;
  }
}
