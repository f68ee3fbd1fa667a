// Renders a comment's Markdown safely: marked turns it into HTML, DOMPurify removes anything
// executable (<script>, on* handlers, javascript: URLs) before it reaches the DOM.

import DOMPurify from 'dompurify';
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { marked } from 'marked';

const purify = DOMPurify();
purify.addHook('afterSanitizeAttributes', (node) => {
  // Links open outside the annotator and do not hand it to the target page.
  if (node.tagName === 'A') {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer nofollow');
  }
});

export function renderMarkdown(source: string): string {
  const raw = marked.parse(source, { async: false, gfm: true, breaks: true });
  return purify.sanitize(raw, {
    ALLOWED_TAGS: ['p', 'br', 'strong', 'em', 'del', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'h1', 'h2', 'h3', 'h4', 'hr', 'table', 'thead', 'tbody', 'tr', 'th', 'td'],
    ALLOWED_ATTR: ['href', 'title'],
    ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|#)/i,
  });
}

@customElement('glossa-markdown')
export class GlossaMarkdown extends LitElement {
  static override styles = css`
    :host {
      display: block;
      overflow-wrap: anywhere;
    }
    :host > :first-child {
      margin-top: 0;
    }
    p {
      margin: 0 0 0.5em;
    }
    p:last-child {
      margin-bottom: 0;
    }
    pre {
      overflow: auto;
      background: rgba(127, 127, 127, 0.1);
      padding: 0.4rem;
    }
    blockquote {
      margin: 0 0 0.5em;
      padding-left: 0.6rem;
      border-left: 3px solid rgba(127, 127, 127, 0.4);
    }
  `;

  @property() source = '';

  override render() {
    return html`${unsafeHTML(renderMarkdown(this.source))}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'glossa-markdown': GlossaMarkdown;
  }
}
