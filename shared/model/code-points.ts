// UTF-16 offsets (what Y.Text and JavaScript count) and Unicode code point offsets (what W3C
// selectors count), converted for many offsets in one pass over the text.

/** How many UTF-16 units the code point at `unit` takes: a high surrogate followed by a low one is one of two. */
function unitsAt(text: string, unit: number): number {
  const code = text.charCodeAt(unit);
  return code >= 0xd800 && code <= 0xdbff && unit + 1 < text.length && (text.charCodeAt(unit + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
}

/** Code point offset of each UTF-16 offset in `offsets` (any order), in one scan of `text`. */
export function toCodePointOffsets(text: string, offsets: readonly number[]): number[] {
  const order = offsets.map((offset, i) => ({ offset, i })).sort((a, b) => a.offset - b.offset);
  const result = new Array<number>(offsets.length);
  let unit = 0;
  let points = 0;
  for (const { offset, i } of order) {
    while (unit < offset && unit < text.length) {
      unit += unitsAt(text, unit);
      points++;
    }
    result[i] = points;
  }
  return result;
}

/**
 * UTF-16 offset of each code point offset in `points` (any order), in one scan of `text`; null for
 * an offset past the end of the text (imported selectors may point anywhere).
 */
export function fromCodePointOffsets(text: string, points: readonly number[]): (number | null)[] {
  const order = points.map((point, i) => ({ point, i })).sort((a, b) => a.point - b.point);
  const result = new Array<number | null>(points.length).fill(null);
  let unit = 0;
  let at = 0;
  for (const { point, i } of order) {
    while (at < point && unit < text.length) {
      unit += unitsAt(text, unit);
      at++;
    }
    if (at === point) result[i] = unit;
  }
  return result;
}
