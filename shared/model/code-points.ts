// UTF-16 offsets (what Y.Text and JavaScript count) to Unicode code point offsets (what W3C
// selectors count), for many offsets in one pass over the text.

/** Code point offset of each UTF-16 offset in `offsets` (any order), in one scan of `text`. */
export function toCodePointOffsets(text: string, offsets: readonly number[]): number[] {
  const order = offsets.map((offset, i) => ({ offset, i })).sort((a, b) => a.offset - b.offset);
  const result = new Array<number>(offsets.length);
  let unit = 0;
  let points = 0;
  for (const { offset, i } of order) {
    while (unit < offset && unit < text.length) {
      const code = text.charCodeAt(unit);
      // A high surrogate followed by a low one is one code point of two units.
      const pair = code >= 0xd800 && code <= 0xdbff && unit + 1 < text.length && (text.charCodeAt(unit + 1) & 0xfc00) === 0xdc00;
      unit += pair ? 2 : 1;
      points++;
    }
    result[i] = points;
  }
  return result;
}
