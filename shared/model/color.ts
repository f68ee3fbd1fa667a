// Colours come from shared documents, tokens and other people's presence, and end up in style
// attributes and style sheets: only #rrggbb is ever let through, so none can carry CSS of its own.

export const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;

export function isHexColor(value: unknown): value is string {
  return typeof value === 'string' && HEX_COLOR.test(value);
}

/** `value` when it is #rrggbb, otherwise `fallback`. */
export function safeColor(value: unknown, fallback = '#888888'): string {
  return isHexColor(value) ? value : fallback;
}
