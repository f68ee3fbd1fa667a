// Renders a comment's Markdown safely: marked turns it into HTML, DOMPurify removes anything
// executable (<script>, on* handlers, javascript: URLs) before it reaches the DOM.

import DOMPurify from 'dompurify';
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { marked } from 'marked';
import { findMentions } from '../../shared/model/mentions.js';
import type { Author } from '../../shared/model/types.js';

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
    ALLOWED_TAGS: [
      'p',
      'br',
      'strong',
      'em',
      'del',
      'code',
      'pre',
      'blockquote',
      'ul',
      'ol',
      'li',
      'a',
      'h1',
      'h2',
      'h3',
      'h4',
      'hr',
      'table',
      'thead',
      'tbody',
      'tr',
      'th',
      'td',
    ],
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
    mark.mention {
      background: rgba(9, 105, 218, 0.12);
      color: inherit;
      border-radius: 3px;
      padding: 0 0.1em;
      font-weight: 600;
    }
    mark.mention.me {
      background: rgba(191, 135, 0, 0.25);
    }
    blockquote {
      margin: 0 0 0.5em;
      padding-left: 0.6rem;
      border-left: 3px solid rgba(127, 127, 127, 0.4);
    }
  `;

  @property() source = '';
  /** People who may be mentioned: their "@Name" is shown marked (the reader's own more strongly). */
  @property({ attribute: false }) people: readonly Author[] = [];
  @property({ attribute: false }) me: Author | null = null;

  override render() {
    return html`${unsafeHTML(renderMarkdown(this.source))}`;
  }

  // Marked in the sanitised DOM, not in the Markdown: a name must never become markup of its own.
  protected override updated(): void {
    if (!this.source.includes('@') || this.people.length === 0) return;
    const walker = document.createTreeWalker(this.shadowRoot!, NodeFilter.SHOW_TEXT, {
      acceptNode: (node) => (node.parentElement?.closest('code, pre, a, mark') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
    });
    const nodes: Text[] = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
    for (const node of nodes) {
      const spans = findMentions(node.data, this.people);
      for (const span of spans.reverse()) {
        const tail = node.splitText(span.start);
        tail.splitText(span.end - span.start);
        const mark = document.createElement('mark');
        mark.className = span.person.id === this.me?.id ? 'mention me' : 'mention';
        mark.title = span.person.name;
        tail.replaceWith(mark);
        mark.append(tail);
      }
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'glossa-markdown': GlossaMarkdown;
  }
}
