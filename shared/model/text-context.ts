// The quote of a range and ~32 characters either side, never splitting a surrogate pair.

export const CONTEXT_CHARS = 32;

const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;
const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/** True when offset `i` falls between the two halves of a surrogate pair. */
export function splitsSurrogatePair(text: string, i: number): boolean {
  return i > 0 && i < text.length && isHighSurrogate(text.charCodeAt(i - 1)) && isLowSurrogate(text.charCodeAt(i));
}

export function textContext(text: string, start: number, end: number): { quote: string; prefix: string; suffix: string } {
  let from = Math.max(0, start - CONTEXT_CHARS);
  if (splitsSurrogatePair(text, from)) from++;
  let to = Math.min(text.length, end + CONTEXT_CHARS);
  if (splitsSurrogatePair(text, to)) to--;
  return { quote: text.slice(start, end), prefix: text.slice(from, start), suffix: text.slice(end, to) };
}
