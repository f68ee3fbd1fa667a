// The source text with every highlight painted over it, live selections of others, and the
// reader's own selection reported upwards. Read-only but caret-navigable for keyboard selection; in
// edit mode (editors) what the person types is reported as `text-edit`, for the owner to apply.

import { LitElement, type PropertyValues, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { TouchSelect } from '../controllers/long-press-select.js';
import type { Peer } from '../sync/collab-session.js';
import type { AnnotationView, Label } from '../../shared/model/types.js';
import type { RenderedText } from '../text/dom-offsets.js';
import { HighlightPainter } from '../text/highlight-painter.js';
import { type HighlightKind, LANES, highlightStyles, laneGroup, peerGroup, safeColour } from '../text/highlight-styles.js';
import { assignLanes } from '../text/lanes.js';
import { renderText } from '../text/render-text.js';
import { theme } from './theme.js';

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

/** Replace [start, end) of the text with `insert`. */
export interface TextEditDetail {
  start: number;
  end: number;
  insert: string;
}

/** What each kind of input inserts; kinds not listed (formatting, history) do nothing here. */
const INSERTS: Record<string, (event: InputEvent) => string> = {
  insertText: (e) => e.data ?? '',
  insertReplacementText: (e) => e.data ?? e.dataTransfer?.getData('text/plain') ?? '',
  insertParagraph: () => '\n',
  insertLineBreak: () => '\n',
  insertFromPaste: (e) => e.dataTransfer?.getData('text/plain') ?? '',
  deleteContentBackward: () => '',
  deleteContentForward: () => '',
  deleteWordBackward: () => '',
  deleteWordForward: () => '',
  deleteSoftLineBackward: () => '',
  deleteSoftLineForward: () => '',
  deleteHardLineBackward: () => '',
  deleteHardLineForward: () => '',
  deleteByCut: () => '',
};

/** Where a caret at `caret` in `before` is in `after`, for one contiguous change between them. */
function caretThrough(before: string, after: string, caret: number): number {
  let same = 0;
  while (same < before.length && same < after.length && before.charCodeAt(same) === after.charCodeAt(same)) same++;
  return caret <= same ? caret : Math.max(same, caret + after.length - before.length);
}

export interface PendingRange {
  id: string;
  start: number;
  end: number;
}

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
      /* Not inherited: each block, like the text before, takes its direction from its own letters. */
      .block {
        unicode-bidi: plaintext;
      }
      /* Paragraphs written one per line; a blank line already spaces the others (paragraphs.ts). */
      .gap {
        margin-bottom: 0.7em;
      }
      /*
       * Chromium matches :focus-visible on an editable element however it got focus, so a click
       * drew a frame round the whole text. Reached from the keyboard, a bar runs down the column's
       * left edge; focused by mouse or touch, nothing (the caret shows where the person is).
       */
      .text:focus-visible {
        box-shadow: none;
      }
      .text:focus-visible:not([data-pointer-focus]) {
        box-shadow: inset 3px 0 0 var(--_accent);
      }
      @media (forced-colors: active) {
        /* Shadows are not drawn in forced colours. */
        .text:focus-visible:not([data-pointer-focus]) {
          outline: 2px solid Highlight;
          outline-offset: -2px;
        }
      }
    `,
  ];

  @property({ attribute: false }) text = '';
  @property({ attribute: false }) annotations: AnnotationView[] = [];
  @property({ attribute: false }) labels: Label[] = [];
  @property({ attribute: false }) peers: Peer[] = [];
  @property({ attribute: false }) pending: PendingRange[] = [];
  @property({ attribute: false }) activeId: string | null = null;
  /** Edit mode: typing, deleting and pasting change the text (reported as `text-edit`). */
  @property({ type: Boolean }) editable = false;

  private rendered: RenderedText | null = null;
  /** Where the caret goes once the text is drawn again: after the person's own edit, or kept through another's. */
  private caretAfter: number | null = null;
  private readonly sheet = new CSSStyleSheet();
  private readonly painter = new HighlightPainter(this.sheet);
  /** Groups holding annotations at the last paint, to empty those now without any. */
  private annotationGroups = new Set<string>();
  private peerGroups = new Set<string>();
  /** The labels and peer colours the style sheet was last built for. */
  private styledFor = '';
  /** How the person last acted on the page: decides whether focusing the text shows the indicator. */
  private lastInput: 'pointer' | 'keyboard' = 'keyboard';
  private touch: TouchSelect | null = null;
  private readonly onSelectionChange = () => {
    this.reportSelection(false);
    this.touch?.selectionChanged();
  };
  private readonly onPointerDown = () => (this.lastInput = 'pointer');
  /**
   * A drag ends: annotate what it selected once the selection has settled (a task later). Not if a key
   * came first: a click and then Shift+Arrow at once would otherwise open the popover on the first
   * extended character and take the keys that follow.
   */
  private readonly onMouseUp = () =>
    setTimeout(() => {
      if (this.lastInput === 'pointer') this.reportSelection(true);
    });
  private readonly onAnyKeyDown = () => (this.lastInput = 'keyboard');

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('selectionchange', this.onSelectionChange);
    window.addEventListener('pointerdown', this.onPointerDown, true);
    window.addEventListener('keydown', this.onAnyKeyDown, true);
    this.touch?.connect();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('selectionchange', this.onSelectionChange);
    window.removeEventListener('pointerdown', this.onPointerDown, true);
    window.removeEventListener('keydown', this.onAnyKeyDown, true);
    this.touch?.disconnect();
    this.painter.clear();
  }

  protected override firstUpdated(): void {
    this.shadowRoot!.adoptedStyleSheets = [...this.shadowRoot!.adoptedStyleSheets, this.sheet];
    const container = this.shadowRoot!.querySelector<HTMLElement>('.text')!;
    this.touch = new TouchSelect({
      container,
      root: this.shadowRoot!,
      hasSelection: () => this.currentSelection() !== null,
      commit: () => this.reportSelection(true),
    });
    this.touch.connect();
  }

  override render() {
    return html`<div
      class="text"
      part="text"
      contenteditable="true"
      tabindex="0"
      role="textbox"
      aria-readonly=${this.editable ? 'false' : 'true'}
      aria-multiline="true"
      aria-label=${
        this.editable
          ? 'Source text, being edited: what you type changes it for everyone.'
          : 'Source text. Select a passage and press Enter to annotate; j and k move between annotations.'
      }
      spellcheck="false"
      @beforeinput=${this.onBeforeInput}
      @paste=${this.onPaste}
      @drop=${(e: Event) => e.preventDefault()}
      @mouseup=${this.onMouseUp}
      @click=${this.onClick}
      @keydown=${this.onKeyDown}
      @focus=${this.onFocus}
      @pointerdown=${this.onPointerDownInText}
    ></div>`;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Someone else's edit redraws the text under the caret of a person editing it: keep their place.
    const before = changed.get('text');
    if (this.editable && before !== undefined && this.caretAfter === null) {
      const caret = this.caretOffset();
      if (caret !== null) this.caretAfter = caretThrough(before, this.text, caret);
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('text') || !this.rendered) this.rendered = renderText(this.shadowRoot!.querySelector<HTMLElement>('.text')!, this.text);
    if (changed.has('text') && this.caretAfter !== null) {
      this.focusText(Math.min(this.caretAfter, this.text.length));
      this.caretAfter = null;
    }
    if (changed.has('labels') || changed.has('peers')) this.restyle();
    const annotationsChanged = changed.has('annotations') || changed.has('activeId') || changed.has('pending');
    if (changed.has('text') || changed.has('labels') || annotationsChanged) this.paintAnnotations();
    if (changed.has('text') || changed.has('peers')) this.paintPeers();
  }

  /** Rebuilds the style sheet when the labels or the peers' colours changed (not when a peer only moved). */
  private restyle(): void {
    const peers = this.peers.map((p) => ({ clientId: p.clientId, color: safeColour(p.user.color, '#888888') }));
    const key = JSON.stringify([this.labels.map((l) => [l.id, l.color]), peers]);
    if (key === this.styledFor) return;
    this.styledFor = key;
    const { styles, priorities } = highlightStyles(this.labels, peers);
    this.painter.setStyles(styles, priorities);
  }

  /** Annotations and the ones being saved, each in the group of its kind and lane. */
  private paintAnnotations(): void {
    if (!this.rendered) return;
    const shown = this.annotations.filter((a) => !a.detached);
    const lanes = assignLanes([...shown, ...this.pending], LANES);
    const groups = new Map<string, StaticRange[]>();
    const add = (group: string, range: StaticRange | null) => {
      if (!range) return;
      let list = groups.get(group);
      if (!list) groups.set(group, (list = []));
      list.push(range);
    };
    const known = new Set(this.labels.map((l) => l.id));
    shown.forEach((a, i) => {
      const range = this.rendered!.staticRange(a.start, a.end);
      const label = a.labels.find((l) => known.has(l));
      const kind: HighlightKind = a.status === 'resolved' ? 'resolved' : label ? `l-${label}` : 'none';
      add(laneGroup(kind, lanes[i]!), range);
      if (a.id === this.activeId) add('active', range);
    });
    this.pending.forEach((p, i) => add(laneGroup('pending', lanes[shown.length + i]!), this.rendered!.staticRange(p.start, p.end)));
    for (const group of this.annotationGroups) if (!groups.has(group)) this.painter.set(group, []);
    for (const [group, ranges] of groups) this.painter.set(group, ranges);
    this.annotationGroups = new Set(groups.keys());
  }

  private paintPeers(): void {
    if (!this.rendered) return;
    const painted = new Set<string>();
    for (const peer of this.peers) {
      const range = peer.selection && peer.selection.end > peer.selection.start ? this.rendered.staticRange(peer.selection.start, peer.selection.end) : null;
      this.painter.set(peerGroup(peer.clientId), range ? [range] : []);
      painted.add(peerGroup(peer.clientId));
    }
    // Someone who left takes their selection with them.
    for (const group of this.peerGroups) if (!painted.has(group)) this.painter.set(group, []);
    this.peerGroups = painted;
  }

  /** The reader's selection inside the text, if any. */
  private currentSelection(): { start: number; end: number; rect: DOMRect } | null {
    const composed = this.selectedRange();
    if (!composed || composed.collapsed || !this.rendered) return null;
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

  /** The page's selection, seen into this shadow root. */
  private selectedRange(): AbstractRange | undefined {
    const selection = document.getSelection();
    if (!selection?.rangeCount) return undefined;
    return typeof selection.getComposedRanges === 'function' ? selection.getComposedRanges({ shadowRoots: [this.shadowRoot!] })[0] : selection.getRangeAt(0);
  }

  /** Where the caret (the selection's end) is in the text. */
  private caretOffset(): number | null {
    const range = this.selectedRange();
    return range && this.rendered ? this.rendered.offsetOf(range.endContainer, range.endOffset) : null;
  }

  /** In edit mode, the input as a change of the text; never as the browser's own change of the DOM. */
  private onBeforeInput = (event: InputEvent): void => {
    event.preventDefault();
    const insert = INSERTS[event.inputType];
    const target = event.getTargetRanges()[0];
    if (!this.editable || !insert || !target || !this.rendered) return;
    const range = this.rendered.rangeOf(target);
    if (range) this.edit({ ...range, insert: insert(event) });
  };

  /** Chromium sends no beforeinput for a paste into text it was told not to change: taken here. */
  private onPaste = (event: ClipboardEvent): void => {
    event.preventDefault();
    const selected = this.editable ? this.selectedRange() : undefined;
    const range = selected && this.rendered ? this.rendered.rangeOf(selected) : null;
    const insert = event.clipboardData?.getData('text/plain') ?? '';
    if (range && insert) this.edit({ ...range, insert });
  };

  private edit(detail: TextEditDetail): void {
    if (detail.start === detail.end && !detail.insert) return;
    this.caretAfter = detail.start + detail.insert.length;
    this.dispatchEvent(new CustomEvent<TextEditDetail>('text-edit', { detail, bubbles: true, composed: true }));
  }

  private onKeyDown = (event: KeyboardEvent): void => {
    // Enter, j and k are typing while the text is edited.
    if (this.editable) return;
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

  private onFocus = (): void => {
    this.shadowRoot!.querySelector('.text')!.toggleAttribute('data-pointer-focus', this.lastInput === 'pointer');
  };

  /** A click while it already has focus hides the indicator too: the person is using the mouse. */
  private onPointerDownInText = (): void => {
    this.shadowRoot!.querySelector('.text')!.toggleAttribute('data-pointer-focus', true);
  };

  private onClick = (event: MouseEvent): void => {
    if (this.currentSelection()) return;
    const position = document.caretPositionFromPoint?.(event.clientX, event.clientY, { shadowRoots: [this.shadowRoot!] });
    const offset = position && this.rendered ? this.rendered.offsetOf(position.offsetNode, position.offset) : null;
    this.activateAt(offset, event.clientX, event.clientY);
  };

  private activateAtCaret(): void {
    const composed = this.selectedRange();
    const offset = composed && this.rendered ? this.rendered.offsetOf(composed.startContainer, composed.startOffset) : null;
    const rect = offset !== null ? this.rendered?.range(offset, offset)?.getBoundingClientRect() : undefined;
    this.activateAt(offset, rect?.left ?? 0, rect?.bottom ?? 0);
  }

  private activateAt(offset: number | null, x: number, y: number): void {
    const hits = offset === null ? [] : this.annotations.filter((a) => !a.detached && a.start <= offset && offset < a.end).map((a) => a.id);
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
