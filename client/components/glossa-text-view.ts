// The source text with every highlight painted over it, live selections of others, and the
// reader's own selection reported upwards. Read-only, but caret-navigable for keyboard selection.

import { LitElement, type PropertyValues, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Peer } from '../sync/collab-session.js';
import type { AnnotationView, Label } from '../../shared/model/types.js';
import { RenderedText } from '../text/dom-offsets.js';
import { HighlightPainter, type HighlightStyle } from '../text/highlight-painter.js';
import { chunkRanges } from '../text/text-chunks.js';
import { highlightFill, theme } from './theme.js';

export interface TextSelectionDetail {
  start: number;
  end: number;
  /** Viewport rectangle of the selection, for placing a popover. */
  rect: DOMRect;
  /** True when the person asked to annotate it (mouse release, Enter). */
  commit: boolean;
}

/** A click or Enter on the text: the annotations under that point, and where it is. */
export interface HighlightActivateDetail {
  ids: string[];
  offset: number | null;
  x: number;
  y: number;
}

export interface PendingRange {
  id: string;
  start: number;
  end: number;
}

const NO_LABEL = '#868e96';

@customElement('glossa-text-view')
export class GlossaTextView extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: block;
        overflow: auto;
        position: relative;
        background: var(--_bg);
      }
      .text {
        font-family: var(--_text-font);
        font-size: var(--glossa-text-size, 1.05rem);
        line-height: 1.7;
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        max-width: var(--glossa-text-width, 46rem);
        margin: 0 auto;
        padding: 1.5rem 1.75rem 40vh;
        caret-color: var(--_accent);
        outline: none;
        unicode-bidi: plaintext;
        tab-size: 4;
      }
      .text:focus-visible {
        box-shadow: inset var(--_focus);
      }
    `,
  ];

  @property({ attribute: false }) text = '';
  @property({ attribute: false }) annotations: AnnotationView[] = [];
  @property({ attribute: false }) labels: Label[] = [];
  @property({ attribute: false }) peers: Peer[] = [];
  @property({ attribute: false }) pending: PendingRange[] = [];
  @property({ attribute: false }) activeId: string | null = null;

  private rendered: RenderedText | null = null;
  private readonly sheet = new CSSStyleSheet();
  private readonly painter = new HighlightPainter(this.sheet);
  private readonly onSelectionChange = () => this.reportSelection(false);

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('selectionchange', this.onSelectionChange);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('selectionchange', this.onSelectionChange);
    this.painter.clear();
  }

  protected override firstUpdated(): void {
    this.shadowRoot!.adoptedStyleSheets = [...this.shadowRoot!.adoptedStyleSheets, this.sheet];
  }

  override render() {
    return html`<div
      class="text"
      part="text"
      contenteditable="true"
      role="textbox"
      aria-readonly="true"
      aria-multiline="true"
      aria-label="Source text. Select a passage and press Enter to annotate; j and k move between annotations."
      spellcheck="false"
      @beforeinput=${(e: InputEvent) => e.preventDefault()}
      @paste=${(e: Event) => e.preventDefault()}
      @drop=${(e: Event) => e.preventDefault()}
      @mouseup=${() => setTimeout(() => this.reportSelection(true))}
      @click=${this.onClick}
      @keydown=${this.onKeyDown}
    ></div>`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('text') || !this.rendered) this.renderText();
    if (changed.has('labels')) this.restyle();
    if (changed.has('text') || changed.has('annotations') || changed.has('activeId') || changed.has('labels')) this.paintAnnotations();
    if (changed.has('text') || changed.has('peers') || changed.has('pending')) this.paintOverlays();
  }

  // The text is rendered imperatively: Lit would wrap each chunk in markers, and we need the Text nodes.
  private renderText(): void {
    const container = this.shadowRoot!.querySelector<HTMLElement>('.text')!;
    const chunks = chunkRanges(this.text);
    const nodes: Text[] = [];
    const spans = chunks.map((c, i) => {
      const span = document.createElement('span');
      span.dataset.chunk = String(i);
      const node = document.createTextNode(this.text.slice(c.start, c.end));
      span.append(node);
      nodes.push(node);
      return span;
    });
    container.replaceChildren(...spans);
    this.rendered = new RenderedText(container, chunks, nodes);
  }

  private restyle(): void {
    const styles = new Map<string, HighlightStyle>();
    const priorities = new Map<string, number>();
    for (const label of this.labels) styles.set(`l-${label.id}`, { background: highlightFill(label.color) });
    styles.set('none', { background: highlightFill(NO_LABEL) });
    styles.set('resolved', { background: highlightFill(NO_LABEL, 14), decoration: `underline dotted ${NO_LABEL}` });
    styles.set('pending', { decoration: 'underline dashed var(--_accent, #0969da)', background: highlightFill('#0969da', 12) });
    styles.set('active', { decoration: 'underline 3px var(--_accent, #0969da)', background: highlightFill('#0969da', 22) });
    styles.set('flash', { background: highlightFill('#fab005', 70) });
    priorities.set('active', 10);
    priorities.set('flash', 11);
    priorities.set('pending', 4);
    for (const peer of this.peerColors()) {
      styles.set(`peer-${peer.clientId}`, { background: highlightFill(peer.color, 28), decoration: `underline 2px ${peer.color}` });
      priorities.set(`peer-${peer.clientId}`, 5);
    }
    this.painter.setStyles(styles, priorities);
  }

  private peerColors(): { clientId: number; color: string }[] {
    return this.peers.map((p) => ({ clientId: p.clientId, color: /^#[0-9a-fA-F]{6}$/.test(p.user.color) ? p.user.color : '#888888' }));
  }

  private paintAnnotations(): void {
    if (!this.rendered) return;
    const groups = new Map<string, StaticRange[]>();
    const add = (group: string, range: StaticRange | null) => {
      if (!range) return;
      let list = groups.get(group);
      if (!list) groups.set(group, (list = []));
      list.push(range);
    };
    const known = new Set(this.labels.map((l) => l.id));
    for (const a of this.annotations) {
      if (a.detached) continue;
      const range = this.rendered.staticRange(a.start, a.end);
      const label = a.labels.find((l) => known.has(l));
      add(a.status === 'resolved' ? 'resolved' : label ? `l-${label}` : 'none', range);
      if (a.id === this.activeId) add('active', range);
    }
    for (const label of this.labels) if (!groups.has(`l-${label.id}`)) groups.set(`l-${label.id}`, []);
    for (const g of ['none', 'resolved', 'active']) if (!groups.has(g)) groups.set(g, []);
    for (const [group, ranges] of groups) this.painter.set(group, ranges);
  }

  private paintOverlays(): void {
    if (!this.rendered) return;
    this.restyle();
    this.painter.set(
      'pending',
      this.pending.flatMap((p) => this.rendered!.staticRange(p.start, p.end) ?? []),
    );
    for (const peer of this.peers) {
      const range =
        peer.selection && peer.selection.end > peer.selection.start ? this.rendered.staticRange(peer.selection.start, peer.selection.end) : null;
      this.painter.set(`peer-${peer.clientId}`, range ? [range] : []);
    }
  }

  /** The reader's selection inside the text, if any. */
  private currentSelection(): { start: number; end: number; rect: DOMRect } | null {
    const selection = document.getSelection();
    if (!selection || selection.rangeCount === 0 || !this.rendered) return null;
    const composed =
      typeof selection.getComposedRanges === 'function'
        ? selection.getComposedRanges({ shadowRoots: [this.shadowRoot!] })[0]
        : selection.getRangeAt(0);
    if (!composed || composed.collapsed) return null;
    const range = this.rendered.rangeOf(composed);
    if (!range) return null;
    // Spaces and line breaks caught at either end of a selection are not part of the passage.
    while (range.start < range.end && /\s/.test(this.text[range.start]!)) range.start++;
    while (range.end > range.start && /\s/.test(this.text[range.end - 1]!)) range.end--;
    if (range.end <= range.start) return null;
    const live = this.rendered.range(range.start, range.end);
    return { ...range, rect: live ? live.getBoundingClientRect() : new DOMRect() };
  }

  private reportSelection(commit: boolean): void {
    const selection = this.currentSelection();
    this.dispatchEvent(
      new CustomEvent<TextSelectionDetail | null>('text-selection', {
        detail: selection ? { ...selection, commit } : null,
        bubbles: true,
        composed: true,
      }),
    );
  }

  private onKeyDown = (event: KeyboardEvent): void => {
    if (event.key === 'Enter' && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      if (this.currentSelection()) this.reportSelection(true);
      else this.activateAtCaret();
      return;
    }
    if ((event.key === 'j' || event.key === 'k') && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      this.dispatchEvent(new CustomEvent('navigate', { detail: event.key === 'j' ? 1 : -1, bubbles: true, composed: true }));
    }
  };

  private onClick = (event: MouseEvent): void => {
    if (this.currentSelection()) return;
    const position = document.caretPositionFromPoint?.(event.clientX, event.clientY, { shadowRoots: [this.shadowRoot!] });
    const offset = position && this.rendered ? this.rendered.offsetOf(position.offsetNode, position.offset) : null;
    this.activateAt(offset, event.clientX, event.clientY);
  };

  private activateAtCaret(): void {
    const selection = document.getSelection();
    const composed = selection?.rangeCount
      ? typeof selection.getComposedRanges === 'function'
        ? selection.getComposedRanges({ shadowRoots: [this.shadowRoot!] })[0]
        : selection.getRangeAt(0)
      : undefined;
    const offset = composed && this.rendered ? this.rendered.offsetOf(composed.startContainer, composed.startOffset) : null;
    const rect = offset !== null ? this.rendered?.range(offset, offset)?.getBoundingClientRect() : undefined;
    this.activateAt(offset, rect?.left ?? 0, rect?.bottom ?? 0);
  }

  private activateAt(offset: number | null, x: number, y: number): void {
    const hits =
      offset === null ? [] : this.annotations.filter((a) => !a.detached && a.start <= offset && offset < a.end).map((a) => a.id);
    const detail: HighlightActivateDetail = { ids: hits, offset, x, y };
    this.dispatchEvent(new CustomEvent('highlight-activate', { detail, bubbles: true, composed: true }));
  }

  /** Scrolls the annotation into view and flashes it. */
  reveal(annotation: AnnotationView): void {
    const range = this.rendered?.range(annotation.start, Math.max(annotation.end, annotation.start));
    if (!range) return;
    const rect = range.getBoundingClientRect();
    const host = this.getBoundingClientRect();
    this.scrollBy({ top: rect.top - host.top - host.height / 3, behavior: 'auto' });
    if (annotation.detached) return;
    this.painter.set('flash', [this.rendered!.staticRange(annotation.start, annotation.end)!]);
    setTimeout(() => this.painter.set('flash', []), 900);
  }

  /**
   * Gives the text keyboard focus, with the caret at `caret` when given (where an annotation starts,
   * so keyboard users continue from there), else keeping the selection the person had.
   */
  focusText(caret?: number): void {
    const container = this.shadowRoot!.querySelector<HTMLElement>('.text');
    if (!container) return;
    container.focus({ preventScroll: true });
    const range = caret === undefined ? null : this.rendered?.range(caret, caret);
    if (!range) return;
    const selection = document.getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'glossa-text-view': GlossaTextView;
  }
  interface CaretPositionFromPointOptions {
    shadowRoots?: ShadowRoot[];
  }
  interface Document {
    caretPositionFromPoint(x: number, y: number, options?: CaretPositionFromPointOptions): CaretPosition | null;
  }
}
