// Paints highlights with the CSS Custom Highlight API: no DOM wrapping, so thousands of
// overlapping highlights cost one registry update (see ../shared/ANCHORS.md for the figures).
// Highlight names are global to the page, so each annotator instance prefixes its own.

export interface HighlightStyle {
  background?: string;
  color?: string;
  decoration?: string;
  /**
   * `text-underline-offset`: honoured in ::highlight() by Chromium (checked in 156); a browser
   * ignoring it draws every lane's underline at one depth.
   */
  underlineOffset?: string;
}

let instances = 0;

export class HighlightPainter {
  readonly prefix = `glossa${++instances}`;
  private readonly names = new Set<string>();

  constructor(private readonly sheet: CSSStyleSheet) {}

  static get supported(): boolean {
    return typeof CSS !== 'undefined' && 'highlights' in CSS && typeof Highlight !== 'undefined';
  }

  name(group: string): string {
    return `${this.prefix}-${group}`;
  }

  /** Replaces the style rules of every group. */
  setStyles(styles: ReadonlyMap<string, HighlightStyle>, priorities: ReadonlyMap<string, number> = new Map()): void {
    const rules: string[] = [];
    for (const [group, style] of styles) {
      const decl = [
        style.background ? `background-color: ${style.background};` : '',
        style.color ? `color: ${style.color};` : '',
        style.decoration ? `text-decoration: ${style.decoration};` : '',
        style.underlineOffset ? `text-underline-offset: ${style.underlineOffset};` : '',
      ]
        .filter(Boolean)
        .join(' ');
      rules.push(`::highlight(${this.name(group)}) { ${decl} }`);
    }
    this.sheet.replaceSync(rules.join('\n'));
    this.priorities = priorities;
  }

  private priorities: ReadonlyMap<string, number> = new Map();

  /** Sets the ranges of each group; groups not given are cleared. */
  paint(groups: ReadonlyMap<string, readonly AbstractRange[]>): void {
    if (!HighlightPainter.supported) return;
    for (const name of this.names) {
      if (!groups.has(name)) {
        CSS.highlights.delete(this.name(name));
        this.names.delete(name);
      }
    }
    for (const [group, ranges] of groups) this.set(group, ranges);
  }

  set(group: string, ranges: readonly AbstractRange[]): void {
    if (!HighlightPainter.supported) return;
    const highlight = new Highlight(...ranges);
    highlight.priority = this.priorities.get(group) ?? 0;
    CSS.highlights.set(this.name(group), highlight);
    this.names.add(group);
  }

  clear(): void {
    if (!HighlightPainter.supported) return;
    for (const name of this.names) CSS.highlights.delete(this.name(name));
    this.names.clear();
  }
}
