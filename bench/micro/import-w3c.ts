// Importing 10,000 Web Annotations onto a new version of the text they were made on (issue 26's
// target: at most 2 s; every quote still in the text anchored exactly, at least 95 % of those whose
// words were changed anchored fuzzily to the right place, none dropped). The annotations are the
// revision case's, exported as W3C from the first version; the right place for each is where the
// CRDT carried it when the same revision was applied as edits (revise-text.ts).
//   npx tsx bench/micro/import-w3c.ts [annotations=10000] [rounds=5]

import { diffChars } from 'diff';
import * as Y from 'yjs';
import { anchorHealth } from '../../shared/model/anchor-health.js';
import { importAnnotations } from '../../shared/model/import/import-annotations.js';
import { parseWebAnnotations } from '../../shared/model/import/w3c-parse.js';
import { readLabels } from '../../shared/model/labels.js';
import { readAnnotations } from '../../shared/model/read-annotations.js';
import { reviseText } from '../../shared/model/revise-text.js';
import { toW3CAnnotationPage } from '../../shared/model/w3c-export.js';
import { median } from '../stats.js';
import { annotatedDoc, revisedText, text } from './revision-case.js';

const annotationCount = Number(process.argv[2] ?? 10_000);
const rounds = Number(process.argv[3] ?? 5);
const after = revisedText();
const actor = { id: 'u-ben', name: 'Ben', color: '#1c7ed6', role: 'editor' as const };

const original = annotatedDoc(annotationCount);
const documentUrl = 'https://glossa.example/api/documents/first';
const page = JSON.parse(JSON.stringify(toW3CAnnotationPage(readAnnotations(original), { documentUrl, text, labels: readLabels(original) }))) as {
  items: { id: string }[];
};
// Where each annotation went when the revision was applied to it as edits, and how it fared.
reviseText(original, after);
// "A few words changed": at least half the quote's characters are still there (the rest were reworded,
// deleted, or had a line inserted among them); less than that is a passage mostly deleted.
const kept = (quote: string, now: string) => diffChars(quote, now).reduce((n, part) => n + (part.added || part.removed ? 0 : part.value.length), 0);
const truth = new Map(
  readAnnotations(original).map((a) => {
    const health = anchorHealth(a, after);
    const fewWords = health === 'edited' && kept(a.quote, after.slice(a.start, a.end)) >= a.quote.length / 2;
    return [`${documentUrl}/annotations/${a.id}`, { ...a, health, fewWords }];
  }),
);

const ms: number[] = [];
let summary = '';
for (let round = 0; round < rounds; round++) {
  const doc = new Y.Doc();
  doc.getText('source').insert(0, after);
  const started = performance.now();
  const items = parseWebAnnotations(page);
  let report!: ReturnType<typeof importAnnotations>;
  doc.transact(() => {
    report = importAnnotations(doc, items, { actor, now: new Date().toISOString(), documentId: 'second' });
  });
  ms.push(performance.now() - started);
  if (round > 0) continue;
  const tally = {
    intact: 0,
    intactExact: 0,
    fewWords: 0,
    fewWordsRightPlace: 0,
    mostlyDeleted: 0,
    mostlyDeletedDetached: 0,
    mostlyDeletedMisplaced: 0,
    deleted: 0,
    dropped: 0,
  };
  for (const outcome of report.outcomes) {
    const was = truth.get(outcome.sourceId!)!;
    // The right place: the two ranges share at least half of the shorter one.
    const rightPlace = () =>
      outcome.result === 'created' &&
      outcome.anchoredBy !== 'detached' &&
      Math.min(outcome.end, was.end) - Math.max(outcome.start, was.start) >= 0.5 * Math.min(outcome.end - outcome.start, was.end - was.start);
    if (outcome.result !== 'created') {
      tally.dropped++;
      continue;
    }
    if (was.health === 'intact') {
      tally.intact++;
      if (outcome.anchoredBy !== 'fuzzy' && outcome.anchoredBy !== 'detached' && outcome.start === was.start && outcome.end === was.end) tally.intactExact++;
    } else if (was.fewWords) {
      tally.fewWords++;
      if (rightPlace()) tally.fewWordsRightPlace++;
    } else if (was.health === 'edited') {
      tally.mostlyDeleted++;
      if (outcome.anchoredBy === 'detached') tally.mostlyDeletedDetached++;
      else if (!rightPlace()) tally.mostlyDeletedMisplaced++;
    } else tally.deleted++;
  }
  summary = `${JSON.stringify(report.counts)}\n${JSON.stringify(tally)}`;
  doc.destroy();
}
console.log(summary);
console.log(
  `import of ${annotationCount}: ${Math.round(median(ms))} ms median (${Math.round(Math.min(...ms))}–${Math.round(Math.max(...ms))}), ${rounds} rounds`,
);
