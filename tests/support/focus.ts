// What has keyboard focus in the page, looking through shadow roots, named as a person sees it.

import type { Page } from 'playwright-core';

export interface FocusedControl {
  /** Lower-case tag name, or 'body' when focus fell to the page. */
  tag: string;
  /** Its accessible-ish name: aria-label, placeholder, else its text. */
  name: string;
  /** The custom element whose shadow root holds it (e.g. 'glossa-thread'), if any. */
  inside: string | null;
}

export async function focused(page: Page): Promise<FocusedControl> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el || el === document.body) return { tag: 'body', name: '', inside: null };
    const host = (el.getRootNode() as ShadowRoot).host;
    const name = el.getAttribute('aria-label') ?? el.getAttribute('placeholder') ?? el.textContent?.trim().replace(/\s+/g, ' ') ?? '';
    return { tag: el.tagName.toLowerCase(), name, inside: host ? host.tagName.toLowerCase() : null };
  });
}

/** "tag:name", the short form used in assertions. */
export async function focusedControl(page: Page): Promise<string> {
  const f = await focused(page);
  return f.tag === 'body' ? 'body' : `${f.tag}:${f.name}`;
}

/** Presses Tab until `matches` holds for what has focus; fails after `limit` presses. */
export async function tabTo(page: Page, matches: (f: FocusedControl) => boolean, limit = 40, key = 'Tab'): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (matches(await focused(page))) return;
    await page.keyboard.press(key);
  }
  if (!matches(await focused(page))) throw new Error(`${key} never reached the control (now on ${await focusedControl(page)})`);
}
