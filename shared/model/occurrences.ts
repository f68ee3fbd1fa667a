// Every place a phrase occurs in the text, for "annotate all occurrences".

export interface TextRange {
  start: number;
  end: number;
}

/** Non-overlapping occurrences of `phrase`, left to right; case-insensitive unless asked. */
export function findOccurrences(text: string, phrase: string, options: { caseSensitive?: boolean; limit?: number } = {}): TextRange[] {
  if (!phrase) return [];
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const haystack = options.caseSensitive ? text : text.toLocaleLowerCase('und');
  const needle = options.caseSensitive ? phrase : phrase.toLocaleLowerCase('und');
  // Lower-casing can change lengths for a few scripts; fall back to exact matching then.
  const exact = haystack.length !== text.length || needle.length !== phrase.length;
  const h = exact ? text : haystack;
  const n = exact ? phrase : needle;
  const ranges: TextRange[] = [];
  for (let at = h.indexOf(n); at !== -1 && ranges.length < limit; at = h.indexOf(n, at + n.length)) {
    ranges.push({ start: at, end: at + n.length });
  }
  return ranges;
}
