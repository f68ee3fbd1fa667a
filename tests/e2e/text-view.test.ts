// The source text as a reader meets it in Chromium: paragraphs written one per line are spaced
// apart while mouse, keyboard and copy still give exactly the source text; a click draws no focus
// frame but Tab shows an indicator; overlapping highlights keep an edge each; muted text is legible.

import type { Locator, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeInBrowser, launchBrowser, personContext, screenshot, watchErrors } from '../support/browser.js';
import { focusText, locatePhrase } from '../support/select-text.js';
import { createDocument, startTestServer } from '../support/test-server.js';
import { ana, report } from '../support/sample-report.js';

interface Annotation {
  id: string;
  start: number;
  end: number;
}

interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** Where source offsets [start, end) are drawn now (no scrolling): the first and last line's boxes. */
function drawnAt(page: Page, start: number, end: number): Promise<Box> {
  return page.evaluate(
    ({ start, end }) => {
      const view = document.querySelector('glossa-annotator')!.shadowRoot!.querySelector('glossa-text-view')!;
      const walker = document.createTreeWalker(view.shadowRoot!.querySelector('.text')!, NodeFilter.SHOW_TEXT);
      const range = document.createRange();
      let before = 0;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const length = node.textContent!.length;
        if (start >= before && start < before + length) range.setStart(node, start - before);
        if (end > before && end <= before + length) range.setEnd(node, end - before);
        before += length;
      }
      const rects = [...range.getClientRects()].filter((r) => r.width > 0);
      const first = rects[0]!;
      const last = rects.at(-1)!;
      return { x1: first.left + 1, y1: first.top + first.height / 2, x2: last.right - 1, y2: last.top + last.height / 2 };
    },
    { start, end },
  );
}

/**
 * Contrast of each muted text in a list entry against what is drawn behind it: the backgrounds of
 * its ancestors (across shadow roots) composited over white, as computed styles give them.
 */
function mutedContrasts(entry: Locator): Promise<number[]> {
  return entry.evaluate((li) => {
    const parse = (colour: string): number[] => {
      const rgb = /^rgba?\(([\d.]+), ([\d.]+), ([\d.]+)(?:, ([\d.]+))?\)$/.exec(colour);
      if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3]), rgb[4] === undefined ? 1 : Number(rgb[4])];
      const srgb = /^color\(srgb ([\d.e-]+) ([\d.e-]+) ([\d.e-]+)(?: \/ ([\d.]+))?\)$/.exec(colour);
      if (srgb) return [Number(srgb[1]) * 255, Number(srgb[2]) * 255, Number(srgb[3]) * 255, srgb[4] === undefined ? 1 : Number(srgb[4])];
      throw new Error(`unexpected colour ${colour}`);
    };
    const parentOf = (el: Element): Element | null => el.parentElement ?? ((el.getRootNode() as ShadowRoot).host || null);
    const backdrop = (el: Element): number[] => {
      const layers: number[][] = [];
      for (let at: Element | null = el; at; at = parentOf(at)) {
        const colour = parse(getComputedStyle(at).backgroundColor);
        if (colour[3]! > 0) layers.unshift(colour);
        if (colour[3] === 1) break;
      }
      return layers.reduce((under, [r, g, b, a]) => [r!, g!, b!].map((c, i) => c * a! + under[i]! * (1 - a!)), [255, 255, 255]);
    };
    const luminance = (rgb: number[]) => {
      const [r, g, b] = rgb.map((c) => {
        const s = c / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    return [...li.querySelectorAll('.muted')].map((muted) => {
      const [fg, bg] = [luminance(parse(getComputedStyle(muted).color)), luminance(backdrop(muted))];
      return (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    });
  });
}

describeInBrowser('the source text in Chromium', async () => {
  const server = await startTestServer();
  const documentId = await createDocument(server.url, report, 'Sample report');
  const api = `${server.url}/api/documents/${documentId}/annotations`;
  const post = async (body: object) => {
    const res = await fetch(api, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).toBe(201);
  };
  const annotations = async () => ((await (await fetch(api)).json()) as { annotations: Annotation[] }).annotations;
  // "Jamaat of Mojahedeens" an organisation, "Jamaat" in it a person, and a claim crossing both.
  const jamaat = report.indexOf('Jamaat of Mojahedeens');
  const seeded = {
    outer: { start: jamaat - 4, end: jamaat + 'Jamaat of Mojahedeens of Central Asia'.length, labels: ['organisation'] },
    inner: { start: jamaat, end: jamaat + 'Jamaat'.length, labels: ['person'] },
    crossing: { start: jamaat + 3, end: jamaat + 60, labels: ['claim'] },
  };
  for (const [id, body] of Object.entries(seeded)) await post({ id, ...body });

  const browser = await launchBrowser();
  const context = await personContext(browser, ana);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.url}/documents/${documentId}`);
  await page.locator('glossa-annotation-list li', { hasText: 'Jamaat' }).first().waitFor();

  it('spaces the paragraphs of a one-paragraph-per-line report, one block each', async () => {
    const layout = await page.evaluate((source) => {
      const text = document.querySelector('glossa-annotator')!.shadowRoot!.querySelector('glossa-text-view')!.shadowRoot!.querySelector('.text')!;
      const style = getComputedStyle(text);
      // The top of the line box holding the character at `offset`.
      const lineTop = (offset: number) => {
        const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
        let before = 0;
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const length = node.textContent!.length;
          if (offset < before + length) {
            const range = document.createRange();
            range.setStart(node, offset - before);
            range.setEnd(node, offset - before + 1);
            return range.getClientRects()[0]!.top;
          }
          before += length;
        }
        throw new Error(`no character at ${offset}`);
      };
      const breaks = [...source.matchAll(/\n/g)].map((m) => m.index);
      return {
        lineHeight: parseFloat(style.lineHeight),
        fontSize: parseFloat(style.fontSize),
        blocks: text.childElementCount,
        // From a paragraph's last line to the next paragraph's first; and from line 1 to line 2.
        across: breaks.map((at) => lineTop(at + 1) - lineTop(at - 1)),
        within: (() => {
          const top = lineTop(0);
          for (let at = 1; ; at++) if (lineTop(at) !== top) return lineTop(at) - top;
        })(),
      };
    }, report);
    expect(layout.blocks).toBe(4);
    expect(layout.within).toBeCloseTo(layout.lineHeight, 0);
    expect(layout.across).toHaveLength(3);
    for (const pitch of layout.across) {
      const gap = pitch - layout.lineHeight;
      expect(gap).toBeGreaterThanOrEqual(0.6 * layout.fontSize - 1);
      expect(gap).toBeLessThanOrEqual(0.8 * layout.fontSize + 1);
    }
    await screenshot(page, 'text-view-01-paragraphs');
  });

  it('a mouse drag across a paragraph break annotates exactly the source text, newline and all', async () => {
    const start = report.indexOf('from the country.');
    const end = report.indexOf('In the present context') + 'In the present context'.length;
    await locatePhrase(page, 'from the country.');
    const from = await drawnAt(page, start, start + 1);
    const to = await drawnAt(page, end - 1, end);
    await page.mouse.move(from.x1, from.y1);
    await page.mouse.down();
    await page.mouse.move(from.x2 + 40, from.y1, { steps: 4 });
    await page.mouse.move(to.x2, to.y2, { steps: 6 });
    await page.mouse.up();
    const popover = page.locator('glossa-annotate-popover');
    await popover.getByRole('button', { name: 'Place' }).click();
    await popover.getByRole('button', { name: 'Save', exact: true }).click();
    await popover.waitFor({ state: 'detached' });
    const expected = report.slice(start, end);
    expect(expected).toBe('from the country.\nIn the present context');
    await expect.poll(async () => (await annotations()).map((a) => report.slice(a.start, a.end))).toContain(expected);
  });

  it('Shift+ArrowRight steps over a paragraph break in one press; Ctrl+C copies the source text; Enter annotates it', async () => {
    const box = await locatePhrase(page, 'circumstances.');
    // A click inside the phrase's first letter puts the caret before it.
    await page.mouse.click(box.x1, box.y1);
    const expected = report.slice(box.offset, report.indexOf('With an eye') + 'With an'.length);
    for (let i = 0; i < expected.length; i++) await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Control+c');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(expected);
    await page.keyboard.press('Enter');
    const popover = page.locator('glossa-annotate-popover');
    await popover.getByRole('button', { name: 'Claim' }).click();
    await popover.getByRole('button', { name: 'Save', exact: true }).click();
    await popover.waitFor({ state: 'detached' });
    await expect.poll(async () => (await annotations()).map((a) => report.slice(a.start, a.end))).toContain(expected);
  });

  it('Ctrl+C gives the source text with no newline added, over three paragraphs and over all four', async () => {
    const first = await locatePhrase(page, 'delicate');
    await page.mouse.click(first.x1, first.y1);
    const last = await locatePhrase(page, 'Kazakh authorities found');
    await page.keyboard.down('Shift');
    await page.mouse.click(last.x2, last.y2);
    await page.keyboard.up('Shift');
    // Releasing the mouse on a selection offers to annotate it; Esc hands focus back, selection kept.
    await page.locator('glossa-annotate-popover').waitFor();
    await page.keyboard.press('Escape');
    await page.locator('glossa-annotate-popover').waitFor({ state: 'detached' });
    await page.keyboard.press('Control+c');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(report.slice(first.offset, last.offset + 'Kazakh authorities found'.length));

    await page.keyboard.press('Control+a');
    await page.keyboard.press('Control+c');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(report);
  });

  it('a click on the text shows no focus frame; reaching it with Tab shows the indicator', async () => {
    const frame = () =>
      page.evaluate(() => {
        const root = document.querySelector('glossa-annotator')!.shadowRoot!.querySelector('glossa-text-view')!.shadowRoot!;
        const text = root.querySelector('.text')!;
        const style = getComputedStyle(text);
        return { focused: root.activeElement === text, shadow: style.boxShadow, outline: style.outlineStyle };
      });
    const box = await locatePhrase(page, 'excessive zeal');
    await page.mouse.click(box.x1, box.y1);
    expect(await frame()).toEqual({ focused: true, shadow: 'none', outline: 'none' });

    await page.keyboard.press('Tab');
    expect((await frame()).focused).toBe(false);
    await focusText(page);
    // A 3 px bar in the accent colour down the text column's left edge, not a frame round it.
    expect(await frame()).toEqual({ focused: true, shadow: 'rgb(9, 105, 218) 3px 0px 0px 0px inset', outline: 'none' });
    await screenshot(page, 'text-view-02-keyboard-focus');

    // Clicking while it has focus hides the indicator too.
    await page.mouse.click(box.x1, box.y1);
    expect(await frame()).toEqual({ focused: true, shadow: 'none', outline: 'none' });
  });

  it('overlapping annotations are underlined in different lanes, each at its own depth, in its label colour', async () => {
    await locatePhrase(page, 'Jamaat of Mojahedeens');
    const painted = await page.evaluate(() => {
      const root = document.querySelector('glossa-annotator')!.shadowRoot!.querySelector('glossa-text-view')!.shadowRoot!;
      const text = root.querySelector('.text')!;
      const offsetOf = (node: Node, offset: number) => {
        const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
        let before = 0;
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          if (n === node) return before + offset;
          before += n.textContent!.length;
        }
        return -1;
      };
      const ranges: { group: string; start: number; end: number; offset: string; thickness: string; color: string; rule: string }[] = [];
      const rules = [...root.adoptedStyleSheets.at(-1)!.cssRules].map((r) => r.cssText);
      for (const [group, highlight] of CSS.highlights) {
        // What Chromium resolved for the group, and the painter's rule for it.
        const style = getComputedStyle(text, `::highlight(${group})`);
        const rule = rules.find((r) => r.startsWith(`::highlight(${group})`)) ?? '';
        for (const range of highlight as unknown as Iterable<AbstractRange>) {
          ranges.push({
            group,
            start: offsetOf(range.startContainer, range.startOffset),
            end: offsetOf(range.endContainer, range.endOffset),
            offset: style.textUnderlineOffset,
            thickness: style.textDecorationThickness,
            color: style.textDecorationColor,
            rule,
          });
        }
      }
      return ranges;
    });
    const paintOf = (id: keyof typeof seeded) => {
      const { start, end, labels } = seeded[id];
      const found = painted.filter((p) => p.start === start && p.end === end && new RegExp(`-l-${labels[0]}-\\d$`).test(p.group));
      expect(found).toHaveLength(1);
      return { ...found[0]!, lane: Number(/-(\d)$/.exec(found[0]!.group)![1]) };
    };
    const outer = paintOf('outer');
    const inner = paintOf('inner');
    const crossing = paintOf('crossing');
    // The enclosing annotation keeps the top lane; each overlapping one has a lane and a depth of its own.
    expect([outer.lane, inner.lane, crossing.lane]).toEqual([0, 1, 2]);
    expect(new Set([outer.offset, inner.offset, crossing.offset]).size).toBe(3);
    expect(parseFloat(outer.offset)).toBeLessThan(parseFloat(inner.offset));
    expect(parseFloat(inner.offset)).toBeLessThan(parseFloat(crossing.offset));
    expect([outer.color, inner.color, crossing.color]).toEqual(['rgb(112, 72, 232)', 'rgb(28, 126, 214)', 'rgb(232, 89, 12)']);
    for (const paint of [outer, inner, crossing]) {
      expect(paint.thickness).toBe('2px');
      expect(paint.rule).toContain('text-underline-offset');
    }
    await screenshot(page, 'text-view-03-overlapping-lanes');
  });

  it('muted text is at least 4.5:1 on the panel, on a hovered entry and on the selected entry', async () => {
    await focusText(page);
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('j');
    const selected = page.locator('glossa-annotation-list li[aria-current="true"]');
    await selected.waitFor();
    const other = page.locator('glossa-annotation-list li:not([aria-current="true"])').first();
    const plain = await mutedContrasts(other);
    await other.hover();
    const hovered = await mutedContrasts(other);
    const current = await mutedContrasts(selected);
    for (const ratios of [plain, hovered, current]) {
      expect(ratios.length).toBeGreaterThan(0);
      for (const ratio of ratios) expect(ratio).toBeGreaterThanOrEqual(4.5);
    }
    // The hover and the selection do tint the entry (else this would only test the panel).
    expect(new Set([plain[0], hovered[0], current[0]]).size).toBe(3);
  });

  it('raised no page errors', () => {
    expect(errors).toEqual([]);
  });
});
