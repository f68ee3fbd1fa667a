// Selecting on a touch screen. Phones select a word on a long press and let the person adjust the
// handles; the annotator asks to annotate once the selection has settled (there is no mouseup to
// wait for). Where the platform does not select on a long press (desktop Chromium with a touch
// screen), the word under the finger is selected here, so a long press works everywhere.

/** How long a finger rests before it is a long press, as Android's default. */
const LONG_PRESS_MS = 500;
/** A finger that moved further is scrolling, not pressing. */
const SLOP_PX = 10;
/** Handles dragged, then left alone this long: the selection is what the person wants. */
const SETTLE_MS = 450;

export interface TouchSelectHost {
  /** The element the text is in (and the shadow root it lives in, for hit testing). */
  readonly container: HTMLElement;
  readonly root: ShadowRoot;
  /** Whether there is a non-empty selection in the text now. */
  hasSelection(): boolean;
  /** The selection is ready: offer to annotate it. */
  commit(): void;
}

const wordSegmenter = typeof Intl !== 'undefined' && 'Segmenter' in Intl ? new Intl.Segmenter(undefined, { granularity: 'word' }) : null;

export class TouchSelect {
  private press: { id: number; x: number; y: number; timer: ReturnType<typeof setTimeout> } | null = null;
  private touching = false;
  private settle: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly host: TouchSelectHost) {}

  connect(): void {
    const c = this.host.container;
    c.addEventListener('pointerdown', this.onDown);
    c.addEventListener('pointermove', this.onMove);
    c.addEventListener('pointerup', this.onEnd);
    c.addEventListener('pointercancel', this.onEnd);
  }

  disconnect(): void {
    const c = this.host.container;
    c.removeEventListener('pointerdown', this.onDown);
    c.removeEventListener('pointermove', this.onMove);
    c.removeEventListener('pointerup', this.onEnd);
    c.removeEventListener('pointercancel', this.onEnd);
    this.cancelPress();
    if (this.settle) clearTimeout(this.settle);
  }

  /** Call on every selectionchange: after touch, the popover waits for the handles to rest. */
  selectionChanged(): void {
    if (!this.touching) return;
    if (this.settle) clearTimeout(this.settle);
    this.settle = setTimeout(() => {
      this.settle = null;
      if (this.host.hasSelection()) this.host.commit();
    }, SETTLE_MS);
  }

  private readonly onDown = (event: PointerEvent): void => {
    this.touching = event.pointerType === 'touch';
    if (!this.touching || !event.isPrimary) return;
    this.cancelPress();
    const { clientX: x, clientY: y, pointerId: id } = event;
    this.press = { id, x, y, timer: setTimeout(() => this.longPress(x, y), LONG_PRESS_MS) };
  };

  private readonly onMove = (event: PointerEvent): void => {
    if (this.press && event.pointerId === this.press.id && Math.hypot(event.clientX - this.press.x, event.clientY - this.press.y) > SLOP_PX) this.cancelPress();
  };

  private readonly onEnd = (event: PointerEvent): void => {
    if (this.press && event.pointerId === this.press.id) this.cancelPress();
  };

  private cancelPress(): void {
    if (this.press) clearTimeout(this.press.timer);
    this.press = null;
  }

  private longPress(x: number, y: number): void {
    this.press = null;
    // The platform selected a word itself: its selection (and handles) win.
    if (this.host.hasSelection()) return;
    const position = document.caretPositionFromPoint?.(x, y, { shadowRoots: [this.host.root] });
    const node = position?.offsetNode;
    if (!node || node.nodeType !== Node.TEXT_NODE || !this.host.container.contains(node)) return;
    const word = wordAt(node.textContent ?? '', position.offset);
    if (!word) return;
    const range = new Range();
    range.setStart(node, word.start);
    range.setEnd(node, word.end);
    const selection = document.getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
    this.host.commit();
  }
}

/** The word (letters or digits, any script) at `offset` in `text`, or null on a space or a sign. */
export function wordAt(text: string, offset: number): { start: number; end: number } | null {
  if (!wordSegmenter) return null;
  for (const segment of wordSegmenter.segment(text)) {
    const end = segment.index + segment.segment.length;
    if (offset >= segment.index && offset < end) return segment.isWordLike ? { start: segment.index, end } : null;
  }
  return null;
}
