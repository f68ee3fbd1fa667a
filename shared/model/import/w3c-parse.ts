// Reading Web Annotations (https://www.w3.org/TR/annotation-model/) as Glossa, Hypothesis and
// Recogito write them into one plain shape the importer anchors. JSON-LD lets most fields be one
// value or an array of them, so each is read as a list. Hypothesis' own export (its API's rows, with
// `text`, `tags` and `references`) is read too: it is what its "Export" button gives people.
// Problems are named by their path in the input (`items[3].target.selector[1]`).

import { ModelError } from '../model-error.js';

export interface ImportedQuote {
  exact: string;
  prefix: string;
  suffix: string;
}

/** Where the annotation was: code point offsets (as W3C counts) and/or the quote with its context. */
export interface ImportedTarget {
  position: { start: number; end: number } | null;
  quote: ImportedQuote | null;
}

export interface ImportedComment {
  body: string;
  creator: string | null;
  created: string | null;
}

export interface ImportedAnnotation {
  /** Its place in the input, for the report. */
  index: number;
  sourceId: string | null;
  /** Null for a note on the whole page (Hypothesis' page notes): nothing in the text to anchor. */
  target: ImportedTarget | null;
  /** Set for a reply: the source id of the annotation it answers. */
  replyTo: string | null;
  tags: string[];
  comments: ImportedComment[];
  creator: string | null;
  created: string | null;
  resolved: boolean;
}

/** Most annotations one import may carry: an import lands in one transaction. */
export const MAX_IMPORT_ANNOTATIONS = 10_000;
/** As commands allow: a comment's body and a label's name. */
const MAX_BODY = 20_000;
const MAX_TAG = 60;
const MAX_TAGS = 32;
const MAX_QUOTE = 100_000;

type Json = Record<string, unknown>;

const notWebAnnotation = (path: string, problem: string) => new ModelError('unprocessable', 'not_web_annotation', `${path}: ${problem}`);
const badSelector = (path: string, problem: string) => new ModelError('unprocessable', 'invalid_selector', `${path}: ${problem}`);

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const list = (value: unknown): unknown[] => (value === undefined || value === null ? [] : Array.isArray(value) ? value : [value]);
const types = (value: Json): string[] => list(value.type ?? value['@type']).filter((t): t is string => typeof t === 'string');
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const idOf = (value: Json): string | null => text(value.id) ?? text(value['@id']);

/** The items of a page, a collection's embedded first page, an array, one annotation, or a Hypothesis export. */
function itemsOf(input: unknown): { items: unknown[]; path: string } {
  if (Array.isArray(input)) return { items: input, path: 'items' };
  if (!isObject(input)) throw notWebAnnotation('body', 'must be an AnnotationPage, an AnnotationCollection or an array of annotations');
  const kinds = types(input);
  if (kinds.includes('AnnotationPage')) return { items: list(input.items), path: 'items' };
  if (kinds.includes('AnnotationCollection')) {
    if (isObject(input.first)) return { items: list(input.first.items), path: 'first.items' };
    if (input.items !== undefined) return { items: list(input.items), path: 'items' };
    throw notWebAnnotation('first', 'the collection links to its pages; send each AnnotationPage');
  }
  if (kinds.includes('Annotation')) return { items: [input], path: 'body' };
  // Hypothesis: its client's export file, and its search API's answer.
  if (Array.isArray(input.annotations)) return { items: input.annotations, path: 'annotations' };
  if (Array.isArray(input.rows)) return { items: input.rows, path: 'rows' };
  throw notWebAnnotation(
    'body',
    `is not Web Annotations (type ${JSON.stringify(kinds.join(', ') || 'missing')}); send an AnnotationPage, an AnnotationCollection or an array of annotations`,
  );
}

function creatorName(value: unknown): string | null {
  for (const creator of list(value)) {
    if (typeof creator === 'string') return creator.replace(/^acct:/, '');
    if (isObject(creator)) {
      const name = text(creator.name) ?? text(creator.nickname) ?? idOf(creator);
      if (name) return name;
    }
  }
  return null;
}

function offset(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw badSelector(path, 'must be a whole number, not negative');
  return value;
}

function position(selector: Json, path: string): { start: number; end: number } {
  const start = offset(selector.start, `${path}.start`);
  const end = offset(selector.end, `${path}.end`);
  if (end < start) throw badSelector(path, `end (${end}) is before start (${start})`);
  return { start, end };
}

function quote(selector: Json, path: string): ImportedQuote {
  const exact = selector.exact;
  if (typeof exact !== 'string' || exact.length === 0) throw badSelector(`${path}.exact`, 'must be the quoted text');
  if (exact.length > MAX_QUOTE) throw badSelector(`${path}.exact`, `is over ${MAX_QUOTE} characters`);
  return { exact, prefix: text(selector.prefix) ?? '', suffix: text(selector.suffix) ?? '' };
}

/** The text position and quote among a target's selectors; DOM-relative ones (XPath, CSS) mean nothing in plain text. */
function targetOf(item: Json, path: string): ImportedTarget | null {
  const found: ImportedTarget = { position: null, quote: null };
  list(item.target).forEach((target, t) => {
    if (!isObject(target)) return;
    list(target.selector).forEach((selector, s) => {
      const at = `${path}.target${Array.isArray(item.target) ? `[${t}]` : ''}.selector${Array.isArray(target.selector) ? `[${s}]` : ''}`;
      if (!isObject(selector)) return;
      const kind = types(selector);
      if (kind.includes('TextPositionSelector')) found.position ??= position(selector, at);
      else if (kind.includes('TextQuoteSelector')) found.quote ??= quote(selector, at);
      else if (kind.includes('RangeSelector') && isObject(selector.startSelector) && isObject(selector.endSelector)) {
        // The spec's range runs from the start selector's start to the end selector's start.
        if (types(selector.startSelector).includes('TextPositionSelector') && types(selector.endSelector).includes('TextPositionSelector')) {
          const from = position(selector.startSelector, `${at}.startSelector`);
          const to = position(selector.endSelector, `${at}.endSelector`);
          if (to.start < from.start) throw badSelector(at, 'ends before it starts');
          found.position ??= { start: from.start, end: to.start };
        }
      }
    });
  });
  return found.position || found.quote ? found : null;
}

/** The annotation a reply answers: W3C's target id, or the thread root of Hypothesis' `references`. */
function replyTarget(item: Json, motivations: string[]): string | null {
  if (Array.isArray(item.references) && item.references.length > 0) return text(item.references[0]);
  if (!motivations.includes('replying')) return null;
  for (const target of list(item.target)) {
    if (typeof target === 'string') return target;
    if (isObject(target)) return idOf(target) ?? text(target.source);
  }
  return null;
}

function comment(value: string, creator: string | null, created: string | null, path: string): ImportedComment {
  if (value.length > MAX_BODY) throw notWebAnnotation(path, `is over ${MAX_BODY} characters`);
  return { body: value, creator, created };
}

function parseItem(raw: unknown, index: number, path: string): ImportedAnnotation {
  if (!isObject(raw)) throw notWebAnnotation(path, 'must be an annotation object');
  const hypothesisRow = !types(raw).length && Array.isArray(raw.target) && ('text' in raw || 'tags' in raw || 'user' in raw);
  if (!types(raw).includes('Annotation') && !hypothesisRow)
    throw notWebAnnotation(path, `is not an Annotation (type ${JSON.stringify(types(raw).join(', ') || 'missing')})`);
  const motivations = list(raw.motivation).filter((m): m is string => typeof m === 'string');
  const userInfo = isObject(raw.user_info) ? text(raw.user_info.display_name) : null;
  const creator = userInfo ?? creatorName(raw.creator ?? raw.user);
  const created = text(raw.created);
  const tags: string[] = [];
  const comments: ImportedComment[] = [];
  const addTag = (name: string) => {
    const trimmed = name.trim().slice(0, MAX_TAG);
    if (trimmed && tags.length < MAX_TAGS && !tags.includes(trimmed)) tags.push(trimmed);
  };
  list(raw.body).forEach((body, b) => {
    if (!isObject(body)) return;
    const value = text(body.value);
    if (value === null || value.trim() === '') return;
    const purposes = list(body.purpose);
    const at = `${path}.body${Array.isArray(raw.body) ? `[${b}]` : ''}.value`;
    if (purposes.includes('tagging') || purposes.includes('classifying')) addTag(value);
    // Links to a gazetteer or an authority (identifying, linking) have no place in a thread.
    else if (purposes.length === 0 || purposes.some((p) => p === 'commenting' || p === 'replying' || p === 'describing')) {
      comments.push(comment(value, creatorName(body.creator) ?? creator, text(body.created) ?? created, at));
    }
  });
  if (hypothesisRow) {
    if (typeof raw.text === 'string' && raw.text.trim() !== '') comments.unshift(comment(raw.text, creator, created, `${path}.text`));
    for (const tag of list(raw.tags)) if (typeof tag === 'string') addTag(tag);
  }
  const replyTo = replyTarget(raw, motivations);
  return {
    index,
    sourceId: idOf(raw),
    target: replyTo === null ? targetOf(raw, path) : null,
    replyTo,
    tags,
    comments,
    creator,
    created,
    resolved: raw['glossa:status'] === 'resolved',
  };
}

/** The annotations in `input`; throws a ModelError naming the first problem, so nothing is half-imported. */
export function parseWebAnnotations(input: unknown): ImportedAnnotation[] {
  const { items, path } = itemsOf(input);
  if (items.length > MAX_IMPORT_ANNOTATIONS) {
    throw new ModelError(
      'too_large',
      'too_many_annotations',
      `${items.length} annotations in one import; the limit is ${MAX_IMPORT_ANNOTATIONS}: split the file`,
    );
  }
  return items.map((item, i) => parseItem(item, i, path === 'body' ? 'body' : `${path}[${i}]`));
}
