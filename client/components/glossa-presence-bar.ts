// Who is here (names and colours from awareness), the state of the connection and of saving:
// while the server cannot store changes, a red notice says so plainly and what it means.

import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ConnectionState, Peer } from '../sync/collab-session.js';
import type { Identity } from '../../shared/protocol/identity.js';
import { STORE_OK, type StoreStatus } from '../../shared/protocol/store-status.js';
import { theme } from './theme.js';
import { safeColor } from '../../shared/model/color.js';
import { cssProperties } from './css-properties.js';

const stateText: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
  closed: 'Disconnected',
};

@customElement('glossa-presence-bar')
export class GlossaPresenceBar extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: flex;
        align-items: center;
        gap: 0.75rem;
        flex-wrap: wrap;
        font-size: 0.85rem;
      }
      ul {
        display: flex;
        gap: 0.35rem;
        list-style: none;
        margin: 0;
        padding: 0;
        flex-wrap: wrap;
      }
      li {
        display: inline-flex;
        align-items: center;
        gap: 0.3rem;
        padding: 0.1rem 0.5rem 0.1rem 0.3rem;
        border-radius: 999px;
        background: color-mix(in srgb, var(--c) 14%, transparent);
      }
      .dot {
        width: 0.65rem;
        height: 0.65rem;
        border-radius: 50%;
        background: var(--c);
      }
      .status {
        display: inline-flex;
        align-items: center;
        gap: 0.35rem;
      }
      .status::before {
        content: '';
        width: 0.55rem;
        height: 0.55rem;
        border-radius: 50%;
        background: var(--s);
      }
      .not-saved {
        flex-basis: 100%;
        margin: 0;
        padding: 0.4rem 0.6rem;
        border: 1px solid var(--_danger);
        border-left-width: 0.3rem;
        border-radius: var(--_radius);
        background: color-mix(in srgb, var(--_danger) 8%, var(--_bg));
        line-height: 1.4;
      }
      /*
       * Kept in the page while storing works, empty, so that screen readers hear it when it fills.
       * Not :empty, which the template's whitespace defeats: the box showed, empty, under the bar.
       */
      .not-saved:not(:has(strong)) {
        position: absolute;
        padding: 0;
        border: 0;
      }
      .not-saved strong {
        color: var(--_danger);
      }
    `,
  ];

  @property({ attribute: false }) me!: Identity;
  @property({ attribute: false }) peers: Peer[] = [];
  @property() connection: ConnectionState = 'connecting';
  @property({ type: Number }) pending = 0;
  /** Whether the server can store changes now (CollabSession.storeStatus). */
  @property({ attribute: false }) store: StoreStatus = STORE_OK;

  protected override willUpdate(): void {
    // For the page around it: the notice needs a row of its own.
    this.toggleAttribute('not-saved', !!this.failing);
  }

  /** Storing fails and the person is connected (offline or reconnecting says more, and the server tells again on joining). */
  private get failing(): Extract<StoreStatus, { saving: 'failing' }> | null {
    return this.connection === 'connected' && this.store.saving === 'failing' ? this.store : null;
  }

  override render() {
    // Several tabs of one person are one person.
    const people = [...new Map(this.peers.map((p) => [p.user.id, p.user])).values()].filter((u) => u.id !== this.me.id);
    const status = this.statusText();
    const failing = this.failing;
    const color = failing
      ? '#cf222e'
      : this.connection === 'connected'
        ? this.pending
          ? '#bf8700'
          : '#1a7f37'
        : this.connection === 'offline' || this.connection === 'closed'
          ? '#cf222e'
          : '#bf8700';
    return html`
      <ul aria-label="People here">
        <li style=${cssProperties({ '--c': safeColor(this.me.color) })} title="You"><span class="dot"></span>${this.me.name} (you)</li>
        ${people.map((u) => html`<li style=${cssProperties({ '--c': safeColor(u.color) })}><span class="dot"></span>${u.name}</li>`)}
      </ul>
      <span class="status" role="status" aria-live="polite" style=${cssProperties({ '--s': color })} data-state=${this.connection}>${status}</span>
      <p class="not-saved" role="alert">
        ${
          failing
            ? html`<strong>Not saved.</strong> ${failing.message} Your changes are kept on this page and will be saved when it recovers; don't close it.`
            : null
        }
      </p>
    `;
  }

  private statusText(): string {
    if (this.failing) return this.pending ? `Not saved · ${this.pending} waiting` : 'Not saved';
    if (this.connection === 'connected') return this.pending ? `Saving ${this.pending}…` : 'All changes saved';
    if (this.pending && (this.connection === 'offline' || this.connection === 'reconnecting')) {
      return `${stateText[this.connection]} · ${this.pending} unsent, will send on reconnect`;
    }
    return stateText[this.connection];
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'glossa-presence-bar': GlossaPresenceBar;
  }
}
