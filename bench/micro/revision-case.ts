// The case both revision benchmarks measure: ../shared/corpus/shakespeare.txt (1.1 MB) carrying
// annotations evenly spread, and a version of it with 1 % of its lines changed (the same ones each
// run): a third deleted, a third reworded, a third followed by a new line.

import { readFileSync } from 'node:fs';
import * as Y from 'yjs';
import { createSourceDocumentState } from '../../shared/model/source-document.js';
import { createAnnotation } from '../../shared/model/write-annotations.js';

export const text = readFileSync(new URL('../../../shared/corpus/shakespeare.txt', import.meta.url), 'utf8');

export function revisedText(): string {
  let seed = 7;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const r = random();
    if (r < 0.0033) continue;
    out.push(r < 0.0066 ? line.replace(/\b\w+\b/, 'changed') : line);
    if (r >= 0.0066 && r < 0.01) out.push('A line inserted in the new version.');
  }
  return out.join('\n');
}

/**
 * The text with `count` annotations of up to 40 characters, evenly spread. As on the server, the text
 * is written by the document's creation and the annotations by a room's Y.Doc, another Yjs client.
 */
export function annotatedDoc(count: number): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, createSourceDocumentState(text));
  const author = { id: 'u-ana', name: 'Ana', color: '#c2255c' };
  const step = Math.floor(text.length / count);
  for (let i = 0; i < count; i++) {
    const start = i * step;
    createAnnotation(doc, { id: `a${i}`, start, end: start + Math.min(40, step - 1), labels: ['claim'] }, author, '2026-12-07T00:00:00.000Z');
  }
  return doc;
}
