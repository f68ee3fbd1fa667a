// Importing Web Annotations as Glossa, Hypothesis and Recogito write them (tests/fixtures/import/)
// onto the report they were made on and onto its next version: where each lands and how.

import { readFileSync } from 'node:fs';
import type * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { type ImportReport, importAnnotations } from '../../../../shared/model/import/import-annotations.js';
import { parseWebAnnotations } from '../../../../shared/model/import/w3c-parse.js';
import { readLabels } from '../../../../shared/model/labels.js';
import { readAnnotations } from '../../../../shared/model/read-annotations.js';
import type { Actor, AnnotationView } from '../../../../shared/model/types.js';
import { run, sourceDoc } from '../../../support/model-docs.js';

const fixture = (name: string) => readFileSync(new URL(`../../../fixtures/import/${name}`, import.meta.url), 'utf8');
const json = (name: string): unknown => JSON.parse(fixture(name));
const v1 = fixture('report-v1.txt');
const v2 = fixture('report-v2.txt');
const dana: Actor = { id: 'u-dana', name: 'Dana', color: '#2f9e44', role: 'editor' };

function importInto(doc: Y.Doc, input: unknown, actor: Actor = dana): ImportReport {
  const items = parseWebAnnotations(input);
  let report!: ImportReport;
  doc.transact(() => {
    report = importAnnotations(doc, items, { actor, now: '2026-12-08T10:00:00.000Z', documentId: 'report' });
  });
  return report;
}

/** The annotation imported from the item at `index`, as the document holds it. */
function imported(doc: Y.Doc, report: ImportReport, index: number): AnnotationView {
  const outcome = report.outcomes[index]!;
  if (outcome.result !== 'created' && outcome.result !== 'existing') throw new Error(`item ${index} was ${outcome.result}`);
  return readAnnotations(doc).find((a) => a.id === outcome.annotationId)!;
}

const covered = (text: string, a: AnnotationView) => text.slice(a.start, a.end);

describe('a Glossa export imported onto the report', () => {
  it('lands every annotation by its position on the text it was made on, with labels, threads, status and attribution', () => {
    const doc = sourceDoc(v1);
    const report = importInto(doc, json('glossa-page.json'));
    expect(report.counts).toEqual({ position: 6, quote: 0, fuzzy: 0, detached: 0, existing: 0, replies: 0, skipped: 0 });
    const denial = imported(doc, report, 2);
    expect(covered(v1, denial)).toBe('The minister denied the claim');
    expect(denial.comments.map((c) => [c.body, c.origin?.creator, c.author.name])).toEqual([
      ['Source?', 'Aigerim', 'Dana'],
      ["The ministry's statement of 3 July.", 'Dana', 'Dana'],
    ]);
    // The authors it names are attribution; the person who imported it is the one anyone can act as.
    expect(denial.author).toMatchObject({ id: 'u-dana', name: 'Dana' });
    expect(denial.origin).toEqual({
      sourceId: 'https://glossa.example/api/documents/field-report/annotations/denial',
      creator: 'Aigerim',
      created: '2026-11-02T09:15:00.000Z',
      anchoredBy: 'position',
    });
    expect(imported(doc, report, 3).status).toBe('resolved');
  });

  it('turns tags into the labels of the same name, whatever their case, and makes the missing ones once', () => {
    const doc = sourceDoc(v1);
    const report = importInto(doc, json('glossa-page.json'));
    expect(report.labelsCreated.map((l) => l.name)).toEqual(['Border incidents']);
    const labelNames = new Map(readLabels(doc).map((l) => [l.id, l.name]));
    expect(imported(doc, report, 3).labels.map((id) => labelNames.get(id))).toEqual(['Evidence', 'Border incidents']);
    // "organisation" is the default label Organisation.
    expect(imported(doc, report, 4).labels).toEqual(['organisation']);
    expect(readLabels(doc).filter((l) => l.name === 'Border incidents')).toHaveLength(1);
  });

  it('onto the revised report: moved ones by quote (the right one of three "The committee"), the reworded one fuzzily, the deleted one detached with its quote', () => {
    const doc = sourceDoc(v2);
    const report = importInto(doc, json('glossa-page.json'));
    expect(report.counts).toEqual({ position: 1, quote: 3, fuzzy: 1, detached: 1, existing: 0, replies: 0, skipped: 0 });
    expect(report.outcomes.map((o) => (o.result === 'created' ? o.anchoredBy : o.result))).toEqual([
      'position',
      'quote',
      'detached',
      'fuzzy',
      'quote',
      'quote',
    ]);
    const second = imported(doc, report, 1);
    expect(second.start).toBe(v2.indexOf('The committee heard'));
    expect(covered(v2, imported(doc, report, 3))).toBe('were arrested at the frontier');
    const denial = imported(doc, report, 2);
    expect(denial).toMatchObject({ detached: true, quote: 'The minister denied the claim' });
    expect(denial.prefix.endsWith('three witnesses.\n')).toBe(true);
    expect(denial.comments).toHaveLength(2);
    expect(covered(v2, imported(doc, report, 5))).toBe('September');
  });

  it('a second import of the same page creates nothing new, and one deleted since is not brought back', () => {
    const doc = sourceDoc(v2);
    const first = importInto(doc, json('glossa-page.json'));
    const before = readAnnotations(doc).length;
    const again = importInto(doc, json('glossa-page.json'));
    expect(again.counts).toEqual({ position: 0, quote: 0, fuzzy: 0, detached: 0, existing: 6, replies: 0, skipped: 0 });
    expect(again.labelsCreated).toEqual([]);
    expect(readAnnotations(doc)).toHaveLength(before);
    expect(again.outcomes.map((o) => (o.result === 'existing' ? o.annotationId : null))).toEqual(
      first.outcomes.map((o) => (o.result === 'created' ? o.annotationId : null)),
    );
    const deleted = imported(doc, first, 5).id;
    run(doc, { type: 'annotation.delete', annotationId: deleted });
    expect(importInto(doc, json('glossa-page.json')).counts.existing).toBe(6);
    expect(readAnnotations(doc).map((a) => a.id)).not.toContain(deleted);
  });

  it('importing a document its own export finds its annotations instead of copying them', () => {
    const doc = sourceDoc(v1);
    const page = json('glossa-page.json') as { items: { id: string }[] };
    const items = parseWebAnnotations(page);
    doc.transact(() => importAnnotations(doc, items, { actor: dana, now: '2026-12-08T10:00:00.000Z', documentId: 'field-report' }));
    expect(
      readAnnotations(doc)
        .map((a) => a.id)
        .sort(),
    ).toEqual(['agency', 'denial', 'detained', 'second-committee', 'september', 'title-place']);
    const again = importInto(doc, page);
    expect(again.counts.existing).toBe(0); // another document's id space: these are new here
    const own = parseWebAnnotations(page);
    let report!: ImportReport;
    doc.transact(() => (report = importAnnotations(doc, own, { actor: dana, now: 'x', documentId: 'field-report' })));
    expect(report.counts.existing).toBe(6);
  });
});

describe('Hypothesis exports', () => {
  it('its JSON-LD: positions on its web page miss, the quotes anchor; the comment and tag come along; a page note is skipped and said so', () => {
    const doc = sourceDoc(v1);
    const report = importInto(doc, json('hypothesis-jsonld.json'));
    expect(report.counts).toMatchObject({ position: 0, quote: 2, skipped: 1 });
    const note = imported(doc, report, 0);
    expect(covered(v1, note)).toBe('The committee will meet again');
    expect(note.comments[0]).toMatchObject({ body: 'Is this the same **committee** as in the June report?', origin: { creator: 'ben_k@hypothes.is' } });
    expect(readLabels(doc).find((l) => note.labels.includes(l.id))?.name).toBe('committee');
    // An empty body is no comment.
    expect(imported(doc, report, 1).comments).toEqual([]);
    expect(report.outcomes[2]).toMatchObject({ result: 'skipped', reason: expect.stringMatching(/whole page/) });
  });

  it('its client export: the reply (`references`) goes into the thread it answers, under its author name', () => {
    const doc = sourceDoc(v2);
    const report = importInto(doc, json('hypothesis-export.json'));
    expect(report.counts).toMatchObject({ quote: 1, replies: 1 });
    const thread = imported(doc, report, 0);
    expect(covered(v2, thread)).toBe('asked for access to the detainees');
    expect(thread.comments.map((c) => [c.body, c.origin?.creator])).toEqual([
      ['Did they get it?', 'Ben K.'],
      ["Not yet, per the agency's 20 October update.", 'Dana'],
    ]);
    expect(importInto(doc, json('hypothesis-export.json')).counts).toMatchObject({ existing: 1, replies: 1 });
    expect(imported(doc, report, 0).comments).toHaveLength(2);
  });
});

describe('Recogito exports', () => {
  it('its array of annotations: tags and classifications become labels, comment and replying bodies the thread, a quote alone is found', () => {
    const doc = sourceDoc(v1);
    const report = importInto(doc, json('recogito.json'));
    expect(report.counts).toMatchObject({ position: 1, quote: 1 });
    const place = imported(doc, report, 0);
    expect(covered(v1, place)).toBe('Almaty on 1 July');
    expect(place.labels).toEqual(['place']);
    expect(place.comments.map((c) => [c.body, c.origin?.creator, c.origin?.created])).toEqual([
      ['Almaty, not Astana.', 'Eli', '2026-09-01T10:00:00Z'],
      ['Agreed.', 'Fatima', '2026-09-01T11:00:00Z'],
    ]);
    const witnesses = imported(doc, report, 1);
    expect(covered(v1, witnesses)).toBe('three witnesses');
    // PERSON is the document's Person label: names are compared without regard to case.
    expect(witnesses.labels).toEqual(['person']);
  });
});

describe('Unicode: positions count code points', () => {
  const u1 = fixture('unicode-v1.txt');
  const u2 = fixture('unicode-v2.txt');

  it('astral characters and combining marks: each position lands on its characters, not a unit off', () => {
    const doc = sourceDoc(u1);
    const report = importInto(doc, json('unicode-page.json'));
    expect(report.counts.position).toBe(4);
    expect([0, 1, 2, 3].map((i) => covered(u1, imported(doc, report, i)))).toEqual(['cafe\u0301', '𝒮tation', 'the refugees waited', 'refugees']);
    expect(imported(doc, report, 3).start).toBe(u1.lastIndexOf('refugees'));
  });

  it('onto a version with more of them before: found by quote, the second "refugees" told from the first', () => {
    const doc = sourceDoc(u2);
    const report = importInto(doc, json('unicode-page.json'));
    expect(report.counts).toMatchObject({ position: 0, quote: 4 });
    expect([0, 1, 2, 3].map((i) => covered(u2, imported(doc, report, i)))).toEqual(['cafe\u0301', '𝒮tation', 'the refugees waited', 'refugees']);
    expect(imported(doc, report, 3).start).toBe(u2.lastIndexOf('refugees'));
  });
});
