// Where the benchmark's annotations go: spread evenly over the whole text, short phrases,
// deterministic, so every run and every annotator gets the same ranges.

export interface Span {
  start: number;
  end: number;
}

export interface Layout {
  spans: Span[];
  /** A free range on the first screen: where the "add one" annotation goes. */
  probe: Span;
}

/** Park–Miller: a fixed sequence of lengths without depending on Math.random. */
function lengths(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48271) % 2147483647;
    return state;
  };
}

/**
 * `count` spans over [0, textLength): span i starts near i * stride and is 8–60 characters long,
 * never reaching the next one. With `overlap` > 0 that fraction of spans is stretched into its successor.
 */
export function layoutSpans(textLength: number, count: number, overlap: number): Layout {
  const spans: Span[] = [];
  const stride = count > 0 ? textLength / count : textLength;
  if (count > 0 && stride < 70) throw new Error(`${count} annotations do not fit apart in ${textLength} characters`);
  const next = lengths(42);
  for (let i = 0; i < count; i++) {
    const start = Math.floor(i * stride) + 3;
    spans.push({ start, end: start + 8 + (next() % 53) });
  }
  const every = overlap > 0 ? Math.round(1 / overlap) : 0;
  if (every > 0) {
    for (let i = every - 1; i < count - 1; i += every) {
      const successor = spans[i + 1]!;
      spans[i]!.end = successor.start + Math.max(1, Math.floor((successor.end - successor.start) / 2));
    }
  }
  // The gap after the first span (or the start of the text) is free in every layout above.
  const from = spans[0] ? spans[0].end + 2 : 100;
  return { spans, probe: { start: from, end: from + 12 } };
}
