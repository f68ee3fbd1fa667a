// Asks for a display name once (open mode, before access control); the name is kept locally.

import { LitElement, css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { theme } from './theme.js';

@customElement('glossa-name-prompt')
export class GlossaNamePrompt extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: grid;
        place-items: center;
        padding: 2rem;
      }
      form {
        display: grid;
        gap: 0.6rem;
        width: min(22rem, 100%);
      }
    `,
  ];

  override render() {
    return html`<form @submit=${this.submit} aria-label="Choose your name">
      <label for="name">Your name, as others will see it</label>
      <input id="name" name="name" required maxlength="80" autocomplete="name" autofocus />
      <button class="primary" type="submit">Continue</button>
    </form>`;
  }

  private submit(event: SubmitEvent): void {
    event.preventDefault();
    const name = (this.shadowRoot!.querySelector('input') as HTMLInputElement).value.trim();
    if (name) this.dispatchEvent(new CustomEvent('name-chosen', { detail: name }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'glossa-name-prompt': GlossaNamePrompt;
  }
}
