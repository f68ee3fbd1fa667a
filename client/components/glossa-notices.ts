// The annotator's notices: toasts (with Undo where there is something to undo), announced politely,
// commands the server refused, announced at once and kept until dismissed, and, for an owner, a calm
// note about entries another program wrote that do not match the layout, with a way to remove them.

import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { PendingCommand } from '../sync/command-queue.js';
import type { Toast } from '../controllers/toasts.js';
import { theme } from './theme.js';

@customElement('glossa-notices')
export class GlossaNotices extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        position: absolute;
        left: 0.75rem;
        bottom: 0.75rem;
        display: grid;
        gap: 0.4rem;
        z-index: 20;
        max-width: min(28rem, calc(100% - 1.5rem));
      }
      .notice {
        background: var(--_bg);
        border: 1px solid var(--_border);
        box-shadow: 0 4px 14px rgba(0, 0, 0, 0.12);
        border-radius: var(--_radius);
        padding: 0.5rem 0.7rem;
        display: flex;
        gap: 0.5rem;
        align-items: center;
      }
      .error {
        background: #fff5f5;
        border-color: var(--_danger);
      }
      .damaged button {
        flex: none;
      }
      [role] {
        display: contents;
      }
    `,
  ];

  @property({ attribute: false }) toasts: readonly Toast[] = [];
  @property({ attribute: false }) failed: readonly PendingCommand[] = [];
  /** How many damaged entries to tell about (0: no note); only set for someone who may remove them. */
  @property({ type: Number }) damaged = 0;
  /** The removal was asked for and is on its way. */
  @property({ type: Boolean }) removing = false;

  override render() {
    return html`
      <div role="status" aria-live="polite">
        ${this.damaged > 0 ? this.renderDamaged(this.damaged) : null}
        ${this.toasts.map(
          (t) =>
            html`<div class="notice">
              <span>${t.message}</span>
              ${t.undo ? html`<button type="button" @click=${() => this.emit('undo', t)}>Undo</button>` : null}
            </div>`,
        )}
      </div>
      <div role="alert">
        ${this.failed.map(
          (f) =>
            html`<div class="notice error">
              <span>Not saved (${f.command.type}): ${f.error?.message}</span>
              <button type="button" aria-label="Dismiss" @click=${() => this.emit('dismiss', f.key)}>✕</button>
            </div>`,
        )}
      </div>
    `;
  }

  private renderDamaged(n: number) {
    const one = n === 1;
    return html`<div class="notice damaged">
      <span
        >${one ? 'An entry' : `${n} entries`} in this document ${one ? 'was' : 'were'} written by another program and ${one ? "doesn't" : "don't"} match
        Glossa's format; ${one ? 'it is' : 'they are'} hidden.</span
      >
      <button type="button" aria-disabled=${this.removing ? 'true' : 'false'} @click=${() => this.removing || this.emit('remove-damaged')}>
        ${this.removing ? 'Removing…' : one ? 'Remove it' : 'Remove them'}
      </button>
      <button type="button" aria-label="Not now" title="Not now" @click=${() => this.emit('dismiss-damaged')}>✕</button>
    </div>`;
  }

  private emit(type: 'undo' | 'dismiss' | 'remove-damaged' | 'dismiss-damaged', detail?: Toast | string): void {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'glossa-notices': GlossaNotices;
  }
}
