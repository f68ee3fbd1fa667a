// Toggle buttons for choosing labels, usable by keyboard (each is a pressed/unpressed button).
// Archived labels are not offered, but one already chosen stays shown (marked) so it can be taken
// off. Keys 1–9 toggle the first nine offered labels; past eight labels a filter box finds one by name.

import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { labelNameKey } from '../../shared/model/labels.js';
import type { Label } from '../../shared/model/types.js';
import { theme } from './theme.js';
import { safeColor } from '../../shared/model/color.js';
import { cssProperties } from './css-properties.js';

/** More offered labels than this and the filter box is shown: nine chips still scan at a glance. */
const FILTER_ABOVE = 8;
const SHORTCUTS = 9;

/** A field that takes typed characters, where a digit is text and never a shortcut. */
function isTextField(target: EventTarget | undefined): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !['button', 'checkbox', 'radio', 'reset', 'submit', 'color', 'range'].includes(target.type);
}

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
      input.find {
        flex: 1 0 100%;
        box-sizing: border-box;
        min-width: 0;
      }
      button.chip {
        cursor: pointer;
        padding: 0 0.55rem;
      }
      button.chip[aria-pressed='true'] {
        background: color-mix(in srgb, var(--chip-color) 55%, transparent);
        font-weight: 600;
      }
      button.chip.highlighted {
        outline: 2px solid var(--_accent);
        outline-offset: 1px;
      }
      button.chip.archived {
        border-style: dashed;
      }
      /* The number is drawn, not said: a screen reader hears the label's name, and the key from
         aria-keyshortcuts. */
      button.chip[data-key]::before {
        content: attr(data-key) / '';
        font-size: 0.7rem;
        font-weight: 600;
        line-height: 1rem;
        min-width: 1rem;
        text-align: center;
        border-radius: 999px;
        background: color-mix(in srgb, var(--_fg) 12%, transparent);
        font-variant-numeric: tabular-nums;
      }
      .archived-mark {
        font-size: 0.7rem;
        font-style: italic;
      }
      [hidden] {
        display: none !important;
      }
    `,
  ];

  @property({ attribute: false }) labels: Label[] = [];
  @property({ attribute: false }) selected: string[] = [];
  @state() private query = '';
  /** Index into the filter's matches of the one Enter toggles; -1 for none. */
  @state() private highlighted = -1;

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.hasAttribute('role')) this.setAttribute('role', 'group');
    if (!this.hasAttribute('aria-label')) this.setAttribute('aria-label', 'Labels');
    this.addEventListener('keydown', this.onOwnKey);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('keydown', this.onOwnKey);
  }

  /** Labels offered for labelling, in the document's order: the ones not archived. */
  get offered(): Label[] {
    return this.labels.filter((l) => !l.archived);
  }

  /** Archived labels still on what is being labelled: shown after the offered ones, without a key. */
  private get kept(): Label[] {
    return this.labels.filter((l) => l.archived && this.selected.includes(l.id));
  }

  private get found(): Label[] {
    const key = labelNameKey(this.query);
    const shown = [...this.offered, ...this.kept];
    return key ? shown.filter((l) => labelNameKey(l.name).includes(key)) : shown;
  }

  /**
   * Toggles the label numbered by the key pressed (1–9) unless a text field has focus or a modifier is
   * held; true when it did. The picker handles keys pressed inside it; a host (the popover, the thread)
   * passes the keys pressed elsewhere in it.
   */
  handleShortcut(event: KeyboardEvent): boolean {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || !/^[1-9]$/.test(event.key)) return false;
    if (isTextField(event.composedPath()[0])) return false;
    const label = this.offered.slice(0, SHORTCUTS)[Number(event.key) - 1];
    // A label the filter hides is not toggled: nothing would show that it happened.
    if (!label || !this.found.includes(label)) return false;
    event.preventDefault();
    this.toggle(label.id);
    return true;
  }

  private onOwnKey = (event: KeyboardEvent): void => void this.handleShortcut(event);

  override render() {
    const offered = this.offered;
    const matches = this.found;
    const highlighted = matches[this.highlighted];
    const chip = (label: Label, index: number | null) => {
      const key = index !== null && index < SHORTCUTS ? String(index + 1) : null;
      const pressed = this.selected.includes(label.id);
      const title = [label.archived ? 'Archived label' : '', label.description, key ? `key ${key}` : ''].filter(Boolean).join(' · ');
      return html`<button
        type="button"
        class="chip ${label.archived ? 'archived' : ''} ${label === highlighted ? 'highlighted' : ''}"
        style=${cssProperties({ '--chip-color': safeColor(label.color) })}
        aria-pressed=${pressed ? 'true' : 'false'}
        data-key=${key ?? nothing}
        aria-keyshortcuts=${key ?? nothing}
        title=${title}
        ?hidden=${!matches.includes(label)}
        @click=${() => this.toggle(label.id)}
      >
        ${label.name}${label.archived ? html` <span class="archived-mark">archived</span>` : nothing}
      </button>`;
    };
    return html`
      ${
        offered.length > FILTER_ABOVE
          ? html`<input
                class="find"
                type="search"
                autocomplete="off"
                placeholder="Find a label…"
                aria-label="Find a label"
                aria-describedby="find-status"
                .value=${this.query}
                @input=${this.onFilterInput}
                @keydown=${this.onFilterKey}
              /><span id="find-status" class="visually-hidden" role="status">${this.filterStatus(matches, highlighted)}</span>`
          : nothing
      }
      ${offered.map((label, i) => chip(label, i))} ${this.kept.map((label) => chip(label, null))}
    `;
  }

  private filterStatus(matches: Label[], highlighted: Label | undefined): string {
    if (!this.query && !highlighted) return '';
    if (matches.length === 0) return 'No label matches';
    const count = `${matches.length} ${matches.length === 1 ? 'label matches' : 'labels match'}`;
    return highlighted ? `${count}; ${highlighted.name} highlighted, Enter toggles it` : count;
  }

  private onFilterInput(event: InputEvent): void {
    this.query = (event.target as HTMLInputElement).value;
    this.highlighted = this.query && this.found.length > 0 ? 0 : -1;
  }

  private onFilterKey(event: KeyboardEvent): void {
    const count = this.found.length;
    if ((event.key === 'ArrowDown' || event.key === 'ArrowUp') && count > 0) {
      event.preventDefault();
      const from = this.highlighted === -1 ? (event.key === 'ArrowDown' ? -1 : 0) : this.highlighted;
      this.highlighted = (from + (event.key === 'ArrowDown' ? 1 : -1) + count) % count;
    } else if (event.key === 'Enter' && !event.ctrlKey && !event.metaKey) {
      const label = this.found[this.highlighted];
      if (!label) return;
      event.preventDefault();
      this.toggle(label.id);
      // Cleared for the next label: one is found, chosen and the next typed without leaving the box.
      this.query = '';
      this.highlighted = -1;
    } else if (event.key === 'Escape' && (this.query || this.highlighted !== -1)) {
      // Esc first clears the filter; only an empty one lets Esc close what holds the picker.
      event.preventDefault();
      event.stopPropagation();
      this.query = '';
      this.highlighted = -1;
    }
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
