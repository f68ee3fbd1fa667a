// Finding where an annotation made on some version of a text belongs in this one, in the order the
// issue (and Hypothesis' anchoring) gives: the position if the quote is there; else the exact quote,
// told apart from its other occurrences by prefix, suffix and nearness; else the closest approximate
// match of the quote, scored on quote, prefix, suffix and position as Hypothesis scores it; else detached.
//
// Annotations are anchored in the order of their old positions and the anchorer keeps the last shift it
// saw (the text before them grew or shrank by that much), so each search starts where the annotation
// most likely went and looks at a window around it before it looks at the whole text.

import search from 'approx-string-match';
import { diffChars } from 'diff';
import type { ImportedQuote } from './w3c-parse.js';
import { splitsSurrogatePair } from '../text-context.js';
import type { AnchoredBy } from '../types.js';

export interface Anchoring {
  by: AnchoredBy;
  /** UTF-16 range; for a detached annotation, the point it was nearest to. */
  start: number;
  end: number;
}

export interface AnchorRequest {
  quote: ImportedQuote | null;
  /** The old range in UTF-16 units of this text, when the selector's offsets fall inside it. */
  position: { start: number; end: number } | null;
}

/** How far either side of where an annotation is expected the window searches look first. */
const WINDOW = 4096;
/** Occurrences of an exact quote weighed at most (a quote like "the" occurs tens of thousands of times). */
const MAX_OCCURRENCES = 2000;
/** Hypothesis' weights: the quote counts most, the context next, the position only breaks ties. */
const WEIGHT = { quote: 50, prefix: 20, suffix: 20, position: 2 };
/** How much of the prefix's end and the suffix's start must be found exactly to bracket a quote. */
const BRACKET = 16;
/** Places far from the old position where a piece of the quote or its context occurs, looked at most. */
const MAX_SEEDS = 20;

function commonSuffixLength(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a.charCodeAt(a.length - 1 - n) === b.charCodeAt(b.length - 1 - n)) n++;
  return n;
}

function commonPrefixLength(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a.charCodeAt(n) === b.charCodeAt(n)) n++;
  return n;
}

/** 1 when `expected` is there exactly, falling with each edit it takes (1 also when nothing was expected). */
function similarity(expected: string, actual: string): number {
  if (expected.length === 0) return 1;
  const best = search(actual, expected, expected.length)[0];
  return best ? 1 - best.errors / expected.length : 0;
}

export class QuoteAnchorer {
  /** How far the text before the last anchored annotation moved; where the next is looked for first. */
  private shift = 0;

  constructor(private readonly text: string) {}

  anchor(request: AnchorRequest): Anchoring {
    const { quote, position } = request;
    const expected = position ? Math.min(this.text.length, Math.max(0, position.start + this.shift)) : null;
    const found = this.find(quote, position, expected);
    if (found.by !== 'detached' && position) this.shift = found.start - position.start;
    return found;
  }

  private find(quote: ImportedQuote | null, position: AnchorRequest['position'], expected: number | null): Anchoring {
    if (position && (!quote || this.text.slice(position.start, position.end) === quote.exact)) return { by: 'position', ...position };
    if (!quote) return this.detached(expected);
    return this.exactMatch(quote, expected) ?? this.between(quote, expected) ?? this.fuzzyMatch(quote, expected) ?? this.detached(expected);
  }

  private detached(expected: number | null): Anchoring {
    let at = expected ?? 0;
    if (splitsSurrogatePair(this.text, at)) at--;
    return { by: 'detached', start: at, end: at };
  }

  /** How much of the quote's prefix and suffix is found right around [start, end), from 0 to 1. */
  private contextMatch(quote: ImportedQuote, start: number, end: number): number {
    const wanted = quote.prefix.length + quote.suffix.length;
    if (wanted === 0) return 1;
    const before = this.text.slice(Math.max(0, start - quote.prefix.length), start);
    const after = this.text.slice(end, end + quote.suffix.length);
    return (commonSuffixLength(quote.prefix, before) + commonPrefixLength(quote.suffix, after)) / wanted;
  }

  /** Where `exact` starts within [from, to] (searched in that stretch alone: indexOf would run on to the text's end). */
  private occurrences(exact: string, from: number, to: number): number[] {
    const stretch = from === 0 && to >= this.text.length ? this.text : this.text.slice(from, to + exact.length);
    const found: number[] = [];
    for (let i = stretch.indexOf(exact); i !== -1 && found.length < MAX_OCCURRENCES; i = stretch.indexOf(exact, i + 1)) found.push(from + i);
    return found;
  }

  /**
   * The occurrence of the exact quote whose context agrees best (then the nearest). A short quote
   * whose context agrees with none of them is left to the fuzzy search, which weighs both.
   */
  private exactMatch(quote: ImportedQuote, expected: number | null): Anchoring | null {
    const { exact } = quote;
    let candidates = expected === null ? [] : this.occurrences(exact, Math.max(0, expected - WINDOW), expected + WINDOW);
    if (candidates.length === 0) candidates = this.occurrences(exact, 0, this.text.length);
    let best: { start: number; context: number; distance: number } | null = null;
    for (const start of candidates) {
      const context = this.contextMatch(quote, start, start + exact.length);
      const distance = expected === null ? 0 : Math.abs(start - expected);
      if (!best || context > best.context || (context === best.context && distance < best.distance)) best = { start, context, distance };
    }
    if (!best) return null;
    const trusted = best.context >= 0.5 || exact.length >= 32 || (candidates.length === 1 && exact.length >= 8);
    return trusted ? { by: 'quote', start: best.start, end: best.start + exact.length } : null;
  }

  /**
   * What lies between the quote's prefix and suffix, both found exactly near where the quote is
   * expected: the quote as the new text has it, with words inserted or deleted. Nothing between them,
   * or nothing of the quote left there, is the quote deleted: detached, at the place it was.
   */
  private between(quote: ImportedQuote, expected: number | null): Anchoring | null {
    const before = quote.prefix.slice(-BRACKET);
    const after = quote.suffix.slice(0, BRACKET);
    if (expected === null || before.length < BRACKET / 2 || after.length < BRACKET / 2) return null;
    const longest = 2 * quote.exact.length + 64;
    let best: { start: number; end: number; distance: number } | null = null;
    for (const p of this.occurrences(before, Math.max(0, expected - before.length - WINDOW), expected + WINDOW)) {
      const start = p + before.length;
      const s = this.text.slice(start, start + longest + after.length).indexOf(after);
      if (s === -1) continue;
      const distance = Math.abs(start - expected);
      if (!best || distance < best.distance) best = { start, end: start + s, distance };
    }
    if (!best) return null;
    const kept = diffChars(quote.exact, this.text.slice(best.start, best.end)).reduce((n, part) => n + (part.added || part.removed ? 0 : part.value.length), 0);
    if (kept < 0.3 * quote.exact.length) return { by: 'detached', start: best.start, end: best.start };
    return { by: 'fuzzy', start: best.start, end: best.end };
  }

  private fuzzyMatch(quote: ImportedQuote, expected: number | null): Anchoring | null {
    // Two or three characters match approximately almost anywhere.
    if (quote.exact.length < 4) return null;
    if (expected === null) return this.bestApproximate(quote, 0, this.text.length, expected);
    const near = this.bestApproximate(quote, Math.max(0, expected - WINDOW), Math.min(this.text.length, expected + quote.exact.length + WINDOW), expected);
    if (near) return near;
    // Not near where it was: a passage moved far keeps some of its words or its context, so the
    // search looks only around where those are found (an approximate search of the whole text
    // costs ~25 ms, and most annotations that get here were deleted with their surroundings).
    let best: Anchoring | null = null;
    let bestDistance = Infinity;
    for (const at of this.seeds(quote)) {
      const slack = Math.ceil(quote.exact.length / 2) + BRACKET;
      const found = this.bestApproximate(quote, Math.max(0, at - slack), Math.min(this.text.length, at + quote.exact.length + slack), expected);
      const distance = found ? Math.abs(found.start - expected) : Infinity;
      if (found && distance < bestDistance) [best, bestDistance] = [found, distance];
    }
    return best;
  }

  /** Where the quote would start if one of its ends, or its context's, was found somewhere in the text. */
  private seeds(quote: ImportedQuote): number[] {
    const { exact, prefix, suffix } = quote;
    const piece = Math.min(BRACKET, Math.floor(exact.length / 3));
    const starts = new Set<number>();
    const hits = (needle: string, shift: number) => {
      if (needle.length < 8) return;
      for (const at of this.occurrences(needle, 0, this.text.length).slice(0, MAX_SEEDS)) starts.add(Math.max(0, at + shift));
    };
    hits(prefix.slice(-BRACKET), Math.min(BRACKET, prefix.length));
    hits(suffix.slice(0, BRACKET), -exact.length);
    hits(exact.slice(0, piece), 0);
    hits(exact.slice(-piece), piece - exact.length);
    return [...starts];
  }

  private bestApproximate(quote: ImportedQuote, from: number, to: number, expected: number | null): Anchoring | null {
    const maxErrors = Math.min(256, Math.floor(quote.exact.length / 2));
    const matches = search(this.text.slice(from, to), quote.exact, maxErrors);
    let best: { start: number; end: number; score: number; quote: number; context: number } | null = null;
    for (const match of matches) {
      const start = from + match.start;
      const end = from + match.end;
      const quoteScore = 1 - match.errors / quote.exact.length;
      const prefix = similarity(quote.prefix, this.text.slice(Math.max(0, start - quote.prefix.length), start));
      const suffix = similarity(quote.suffix, this.text.slice(end, end + quote.suffix.length));
      const nearness = expected === null ? 1 : 1 - Math.abs(start - expected) / Math.max(1, this.text.length);
      const score =
        (WEIGHT.quote * quoteScore + WEIGHT.prefix * prefix + WEIGHT.suffix * suffix + WEIGHT.position * nearness) /
        (WEIGHT.quote + WEIGHT.prefix + WEIGHT.suffix + WEIGHT.position);
      if (!best || score > best.score) best = { start, end, score, quote: quoteScore, context: Math.max(prefix, suffix) };
    }
    // Half the quote's characters wrong matches something in any long text: only a match whose quote is
    // mostly right, or that the context on one side vouches for, is a place rather than a guess.
    if (!best || !(best.quote >= 0.75 || (best.quote >= 0.5 && best.context >= 0.8))) return null;
    let { start, end } = best;
    if (splitsSurrogatePair(this.text, start)) start--;
    if (splitsSurrogatePair(this.text, end)) end++;
    return { by: best.quote === 1 ? 'quote' : 'fuzzy', start, end };
  }
}
