// Writing parsed Web Annotations into a document: each anchored (quote-anchoring.ts), its tags as
// labels (made when missing), its comments as its thread, replies into the thread they answer. The
// caller runs it in one transaction; everything that could refuse the import is checked before the
// first write, so an import lands whole or not at all.
//
// Ids are derived from the source ids, so importing the same file again finds what the first import
// made instead of making it twice (and an annotation deleted since stays deleted: its id is in the trash).

import { toBase64UrlEncoded } from 'lib0/buffer';
import { digest } from 'lib0/hash/sha256';
import type * as Y from 'yjs';
import { fromCodePointOffsets } from '../code-points.js';
import { annotationsMap, sourceText, trashMap } from '../layout.js';
import { labelNameKey, readLabels, writeLabel } from '../labels.js';
import { ModelError } from '../model-error.js';
import { atLeast } from '../permissions.js';
import { findComment, addComment, createAnnotation, setStatus } from '../write-annotations.js';
import type { Actor, AnchoredBy, Label } from '../types.js';
import { QuoteAnchorer } from './quote-anchoring.js';
import type { ImportedAnnotation } from './w3c-parse.js';

export type ImportOutcome =
  | { index: number; sourceId: string | null; result: 'created'; annotationId: string; anchoredBy: AnchoredBy; start: number; end: number }
  | { index: number; sourceId: string | null; result: 'existing'; annotationId: string }
  | { index: number; sourceId: string | null; result: 'reply'; annotationId: string; commentId: string; existing: boolean }
  | { index: number; sourceId: string | null; result: 'skipped'; reason: string };

export interface ImportReport {
  counts: Record<AnchoredBy | 'existing' | 'replies' | 'skipped', number>;
  /** Labels made for tags no label of the document was named after. */
  labelsCreated: Label[];
  /** One per input item, in input order; ranges in UTF-16 units, as the rest of the API. */
  outcomes: ImportOutcome[];
}

export interface ImportContext {
  actor: Actor;
  now: string;
  documentId: string;
}

const TAG_COLORS = ['#5f3dc4', '#1971c2', '#087f5b', '#e67700', '#c2255c', '#0b7285', '#862e9c', '#5c940d'];
const encoder = new TextEncoder();

function hashId(prefix: string, key: string): string {
  return prefix + toBase64UrlEncoded(digest(encoder.encode(key))).slice(0, 22);
}

/** Its own id for an annotation exported from this very document, so importing its export finds it. */
function annotationIdFor(item: ImportedAnnotation, documentId: string): string {
  if (item.sourceId) {
    const own = /\/api\/documents\/([^/]+)\/annotations\/([A-Za-z0-9_-]{1,64})$/.exec(item.sourceId);
    if (own && decodeURIComponent(own[1]!) === documentId) return own[2]!;
  }
  return hashId('w3c-', sourceKey(item));
}

/** What identifies an item: its id, or (for a file that gives none) what it says. */
function sourceKey(item: ImportedAnnotation): string {
  return item.sourceId ?? JSON.stringify([item.target, item.replyTo, item.tags, item.comments.map((c) => c.body)]);
}

/** The label for each tag, by name regardless of case (archived ones too), making the missing ones. */
function labelsForTags(doc: Y.Doc, items: readonly ImportedAnnotation[]): { byName: Map<string, string>; created: Label[] } {
  const byName = new Map(readLabels(doc).map((l) => [labelNameKey(l.name), l.id]));
  const created: Label[] = [];
  for (const item of items) {
    for (const tag of item.tags) {
      const key = labelNameKey(tag);
      if (byName.has(key)) continue;
      const id = hashId('tag-', key).slice(0, 16);
      const label: Label = { id, name: tag, color: TAG_COLORS[id.charCodeAt(4) % TAG_COLORS.length]!, description: 'Imported tag', archived: false };
      byName.set(key, id);
      created.push(label);
    }
  }
  return { byName, created };
}

/** The UTF-16 ranges of the items' positions; refuses a position outside the text when there is no quote to go by. */
function positionsIn(text: string, items: readonly ImportedAnnotation[]): Map<ImportedAnnotation, { start: number; end: number } | null> {
  const located = items.filter((item) => item.target?.position);
  const units = fromCodePointOffsets(
    text,
    located.flatMap((item) => [item.target!.position!.start, item.target!.position!.end]),
  );
  const ranges = new Map<ImportedAnnotation, { start: number; end: number } | null>();
  located.forEach((item, i) => {
    const start = units[2 * i];
    const end = units[2 * i + 1];
    if (start !== null && start !== undefined && end !== null && end !== undefined) ranges.set(item, { start, end });
    else if (item.target!.quote) ranges.set(item, null);
    else {
      const { end: last } = item.target!.position!;
      throw new ModelError(
        'unprocessable',
        'invalid_selector',
        `annotation ${item.index}: its TextPositionSelector ends at ${last}, past the end of the text, and it has no TextQuoteSelector to find it by`,
      );
    }
  });
  return ranges;
}

/** The annotation a reply belongs under: replies to replies go into the thread they are in. */
function threadRoot(item: ImportedAnnotation, bySource: Map<string, ImportedAnnotation>): ImportedAnnotation | string {
  let replyTo = item.replyTo!;
  for (let hops = 0; hops < 64; hops++) {
    const parent = bySource.get(replyTo);
    if (!parent) return replyTo;
    if (parent.replyTo === null) return parent;
    replyTo = parent.replyTo;
  }
  return replyTo;
}

export function importAnnotations(doc: Y.Doc, items: readonly ImportedAnnotation[], ctx: ImportContext): ImportReport {
  if (!atLeast(ctx.actor.role, 'editor')) throw new ModelError('forbidden', 'forbidden', `a ${ctx.actor.role} may not import annotations`);
  const text = sourceText(doc).toString();
  const positions = positionsIn(text, items);
  const annotations = annotationsMap(doc);
  const trash = trashMap(doc);
  const outcomes: ImportOutcome[] = new Array<ImportOutcome>(items.length);
  const counts: ImportReport['counts'] = { position: 0, quote: 0, fuzzy: 0, detached: 0, existing: 0, replies: 0, skipped: 0 };
  const labels = labelsForTags(doc, items);
  for (const label of labels.created) writeLabel(doc, label);

  const hint = (item: ImportedAnnotation) => positions.get(item)?.start ?? null;
  // In the order of their old positions, so the anchorer can follow how the text moved.
  const annotationsFirst = items.filter((item) => item.replyTo === null).sort((a, b) => (hint(a) ?? Infinity) - (hint(b) ?? Infinity) || a.index - b.index);
  const anchorer = new QuoteAnchorer(text);
  for (const item of annotationsFirst) {
    const { index, sourceId } = item;
    const id = annotationIdFor(item, ctx.documentId);
    if (annotations.has(id) || trash.has(`a:${id}`)) {
      outcomes[index] = { index, sourceId, result: 'existing', annotationId: id };
      counts.existing++;
      continue;
    }
    if (!item.target) {
      outcomes[index] = { index, sourceId, result: 'skipped', reason: 'a note on the whole page: it has no selector into the text' };
      counts.skipped++;
      continue;
    }
    const quote = item.target.quote;
    const anchoring = anchorer.anchor({ quote, position: positions.get(item) ?? null });
    const key = sourceKey(item);
    const map = createAnnotation(
      doc,
      { id, start: anchoring.start, end: anchoring.end, labels: item.tags.map((tag) => labels.byName.get(labelNameKey(tag))!) },
      ctx.actor,
      ctx.now,
      {
        current: text,
        // What was annotated, not what the approximate match covers: it reads as edited, with both shown.
        ...((anchoring.by === 'detached' || anchoring.by === 'fuzzy') && quote
          ? { context: { quote: quote.exact, prefix: quote.prefix, suffix: quote.suffix } }
          : {}),
        origin: { sourceId, creator: item.creator, created: item.created, anchoredBy: anchoring.by },
        comments: item.comments.map((c, i) => ({
          id: hashId('c-', `${key}#${i}`),
          body: c.body,
          origin: { sourceId: null, creator: c.creator, created: c.created },
        })),
      },
    );
    if (item.resolved) setStatus(map, 'resolved', ctx.actor, ctx.now);
    outcomes[index] = { index, sourceId, result: 'created', annotationId: id, anchoredBy: anchoring.by, start: anchoring.start, end: anchoring.end };
    counts[anchoring.by]++;
  }

  const bySource = new Map(items.flatMap((item) => (item.sourceId ? [[item.sourceId, item] as const] : [])));
  for (const item of items) {
    if (item.replyTo === null) continue;
    const { index, sourceId } = item;
    const root = threadRoot(item, bySource);
    const parentId = typeof root === 'string' ? hashId('w3c-', root) : annotationIdFor(root, ctx.documentId);
    const parent = annotations.get(parentId);
    if (!parent || item.comments.length === 0) {
      outcomes[index] = {
        index,
        sourceId,
        result: 'skipped',
        reason: parent ? 'a reply with nothing to say' : `a reply to "${item.replyTo}", which is neither in this file nor in the document`,
      };
      counts.skipped++;
      continue;
    }
    const key = sourceKey(item);
    let commentId = '';
    let existing = true;
    item.comments.forEach((c, i) => {
      const id = hashId('c-', `${key}#${i}`);
      commentId ||= id;
      if (findComment(parent, id)) return;
      existing = false;
      addComment(parent, id, c.body, ctx.actor, ctx.now, { sourceId: i === 0 ? sourceId : null, creator: c.creator, created: c.created });
    });
    outcomes[index] = { index, sourceId, result: 'reply', annotationId: parentId, commentId, existing };
    counts.replies++;
  }
  return { counts, labelsCreated: labels.created, outcomes };
}
