// `style=${cssProperties({'--c': color, top: '8px'})}`: sets an element's inline style properties
// through the CSSOM (style.setProperty), never through the style attribute. Glossa's content policy
// has no 'unsafe-inline' for style attributes, so an attribute written by Lit (a `style="…${x}"`
// binding, or styleMap's first render) is refused by the browser; CSSOM writes are not governed by
// the policy. A value that is not valid CSS for its property is dropped by the browser; it can
// never add declarations of its own.

import { noChange } from 'lit';
import { type AttributePart, Directive, type PartInfo, PartType, directive } from 'lit/directive.js';

/** Property names as CSS spells them (`top`, `--chip-color`); null or undefined removes one. */
export type CssProperties = Readonly<Record<string, string | null | undefined>>;

class CssPropertiesDirective extends Directive {
  private readonly set = new Set<string>();

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ATTRIBUTE || part.name !== 'style' || (part.strings?.length ?? 0) > 2) {
      throw new Error('cssProperties must be the whole of a style attribute');
    }
  }

  render(_properties: CssProperties): typeof noChange {
    return noChange;
  }

  override update(part: AttributePart, [properties]: [CssProperties]): typeof noChange {
    const { style } = part.element;
    for (const name of this.set) {
      if (properties[name] != null) continue;
      style.removeProperty(name);
      this.set.delete(name);
    }
    for (const [name, value] of Object.entries(properties)) {
      if (value == null) continue;
      style.setProperty(name, value);
      this.set.add(name);
    }
    return noChange;
  }
}

export const cssProperties = directive(CssPropertiesDirective);
