// Selecting text in the annotator as a person does: by dragging the mouse over it, or from the
// keyboard with the caret and Shift+arrows. Page scripts only find where the phrase is drawn;
// the selection itself is made with real mouse and key events.

import type { Page } from 'playwright-core';

export interface PhraseBox {
  /** Offset of the phrase in the rendered text (UTF-16 units). */
  offset: number;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** Where the phrase is drawn now (page scripts only read the layout), and where the text view is. */
async function measurePhrase(page: Page, phrase: string, root: string, occurrence: number) {
  return page.evaluate(
    ({ phrase, root, occurrence }) => {
      const host = document.querySelector(root)!.shadowRoot!.querySelector('glossa-text-view')!;
      const container = host.shadowRoot!.querySelector('.text')!;
      const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
      let seen = 0;
      let before = 0;
      const view = host.getBoundingClientRect();
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const content = node.textContent!;
        let at = content.indexOf(phrase);
        while (at !== -1 && seen < occurrence) {
          seen++;
          at = content.indexOf(phrase, at + 1);
        }
        if (at === -1) {
          before += content.length;
          continue;
        }
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + phrase.length);
        const rects = range.getClientRects();
        const first = rects[0]!;
        const last = rects[rects.length - 1]!;
        return {
          offset: before + at,
          x1: first.left + 1,
          y1: first.top + first.height / 2,
          x2: last.right - 1,
          y2: last.top + last.height / 2,
          view: { left: view.left, top: view.top, width: view.width, height: view.height },
        };
      }
      throw new Error(`phrase not found: ${phrase}`);
    },
    { phrase, root, occurrence },
  );
}

/**
 * Scrolls the phrase into the upper middle of the text view with the mouse wheel, as a person
 * would, and tells where it is drawn.
 */
export async function locatePhrase(page: Page, phrase: string, root = 'glossa-annotator', occurrence = 0): Promise<PhraseBox> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const box = await measurePhrase(page, phrase, root, occurrence);
    const wanted = box.view.top + box.view.height / 3;
    const off = box.y1 - wanted;
    const visible = box.y1 > box.view.top + 8 && box.y2 < box.view.top + box.view.height - 8;
    if (visible && (Math.abs(off) < box.view.height / 4 || attempt > 0)) return box;
    const scroll = () =>
      page.evaluate((root) => {
        const host = document.querySelector(root)!.shadowRoot!.querySelector('glossa-text-view')!;
        return { top: host.scrollTop, max: host.scrollHeight - host.clientHeight };
      }, root);
    const before = await scroll();
    const target = Math.max(0, Math.min(before.max, before.top + off));
    if (Math.abs(target - before.top) < 1) return box;
    await page.mouse.move(box.view.left + box.view.width / 2, box.view.top + box.view.height / 2);
    await page.mouse.wheel(0, target - before.top);
    // The wheel scrolls asynchronously: measure again once the text has moved.
    await page.waitForFunction(({ root, from }) => document.querySelector(root)!.shadowRoot!.querySelector('glossa-text-view')!.scrollTop !== from, {
      root,
      from: before.top,
    });
  }
  return measurePhrase(page, phrase, root, occurrence);
}

/** Drags the mouse over the first occurrence of `phrase` in the annotator's text. */
export async function dragSelect(page: Page, phrase: string, root = 'glossa-annotator'): Promise<void> {
  const box = await locatePhrase(page, phrase, root);
  await page.mouse.move(box.x1, box.y1);
  await page.mouse.down();
  await page.mouse.move((box.x1 + box.x2) / 2, (box.y1 + box.y2) / 2, { steps: 4 });
  await page.mouse.move(box.x2, box.y2, { steps: 4 });
  await page.mouse.up();
}

/**
 * Selects `phrase` from the keyboard: Tab into the text (or it already has focus), Ctrl+Home,
 * the caret moved with ArrowRight to the phrase, then Shift+ArrowRight over it. `extra` widens the
 * selection by that many characters either side (a sloppy selection, spaces and all).
 */
export async function keySelect(page: Page, phrase: string, options: { extra?: number; root?: string } = {}): Promise<void> {
  const extra = options.extra ?? 0;
  const box = await locatePhrase(page, phrase, options.root);
  await focusText(page, options.root);
  await page.keyboard.press('Control+Home');
  for (let i = 0; i < box.offset - extra; i++) await page.keyboard.press('ArrowRight');
  for (let i = 0; i < phrase.length + 2 * extra; i++) await page.keyboard.press('Shift+ArrowRight');
}

/** Tabs until the source text has keyboard focus, as a keyboard user reaches it. */
export async function focusText(page: Page, root = 'glossa-annotator'): Promise<void> {
  const textFocused = () =>
    page.evaluate((root) => {
      const view = document.querySelector(root)?.shadowRoot?.querySelector('glossa-text-view');
      return view?.shadowRoot?.activeElement?.classList.contains('text') ?? false;
    }, root);
  for (let i = 0; i < 40 && !(await textFocused()); i++) await page.keyboard.press('Tab');
  if (!(await textFocused())) throw new Error('Tab never reached the source text');
}

/**
 * Selects with the finger: a long press on the phrase's first word, held until `held` resolves
 * (what the person waits to see, e.g. the popover), then lifted.
 */
export async function longPress(page: Page, phrase: string, held: () => Promise<unknown>, root = 'glossa-annotator'): Promise<void> {
  const box = await locatePhrase(page, phrase, root);
  const cdp = await page.context().newCDPSession(page);
  const point = { x: box.x1 + 3, y: box.y1, radiusX: 4, radiusY: 4, force: 1 };
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [point] });
  try {
    await held();
  } finally {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await cdp.detach();
  }
}
