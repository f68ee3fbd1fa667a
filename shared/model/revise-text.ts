// A new version of a document's text, applied as the edits it is: a line diff, refined to words and
// then characters within each changed run, then deletes and inserts on the source text in one
// transaction. Highlights are relative positions, so each stays on its characters wherever they
// survive; a client connected meanwhile sees the edits, not a new document.

import { diffChars, diffLines, diffWordsWithSpace } from 'diff';
import type * as Y from 'yjs';
import { sourceText } from './layout.js';

/** One change, at a UTF-16 offset into the text as it was. */
export interface TextEdit {
  at: number;
  remove: number;
  insert: string;
}

// Past this many edited tokens the texts (or a run of changed lines) have little in common: the run
// is replaced whole rather than searched for longer (the search grows with the product of the two).
const MAX_LINE_EDITS = 20_000;
const MAX_WORD_EDITS = 4_000;
const MAX_CHAR_EDITS = 1_000;

interface Part {
  value: string;
  added: boolean;
  removed: boolean;
}

type Diff = (before: string, after: string, options: { maxEditLength: number }) => Part[] | undefined;

/**
 * `before` (at offset `at`) → `after` as edits: diffed by `levels[0]`, and each changed run again by
 * the next level. Lines, then words (an insertion lands between words, not inside one that happens
 * to share letters with it), then characters (a word that changed keeps the letters it kept).
 */
function editsBy(levels: readonly [Diff, number][], at: number, before: string, after: string): TextEdit[] {
  const [level, ...finer] = levels;
  if (!level || !before || !after) return [{ at, remove: before.length, insert: after }];
  const parts = level[0](before, after, { maxEditLength: level[1] });
  if (!parts) return [{ at, remove: before.length, insert: after }];
  const edits: TextEdit[] = [];
  for (let i = 0; i < parts.length; i++) {
    if (!parts[i]!.added && !parts[i]!.removed) {
      at += parts[i]!.value.length;
      continue;
    }
    let removed = '';
    let added = '';
    for (; i < parts.length && (parts[i]!.added || parts[i]!.removed); i++) {
      if (parts[i]!.removed) removed += parts[i]!.value;
      else added += parts[i]!.value;
    }
    i -= 1;
    edits.push(...editsBy(finer, at, removed, added));
    at += removed.length;
  }
  return edits;
}

const LEVELS: readonly [Diff, number][] = [
  [diffLines, MAX_LINE_EDITS],
  [diffWordsWithSpace, MAX_WORD_EDITS],
  [diffChars, MAX_CHAR_EDITS],
];

/** The edits that turn `before` into `after`, in order, none overlapping; code points are never split. */
export function textEdits(before: string, after: string): TextEdit[] {
  return before === after ? [] : editsBy(LEVELS, 0, before, after);
}

/** Applies the edits to `text`, last first so that each offset still means the text as it was. */
export function applyTextEdits(text: Y.Text, edits: readonly TextEdit[]): void {
  for (let i = edits.length - 1; i >= 0; i--) {
    const { at, remove, insert } = edits[i]!;
    if (insert) text.insert(at + remove, insert);
    if (remove) text.delete(at, remove);
  }
}

/** Turns the document's source text into `after` in one transaction; what changed, in UTF-16 units. */
export function reviseText(doc: Y.Doc, after: string, origin?: unknown): { inserted: number; deleted: number } {
  const text = sourceText(doc);
  const edits = textEdits(text.toString(), after);
  doc.transact(() => applyTextEdits(text, edits), origin);
  return {
    inserted: edits.reduce((sum, edit) => sum + edit.insert.length, 0),
    deleted: edits.reduce((sum, edit) => sum + edit.remove, 0),
  };
}
