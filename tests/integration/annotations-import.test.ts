// POST /api/documents/{id}/annotations/import: Web Annotations from a file onto a document. Readers
// see them arrive live; the answer says where each landed; bad files are refused whole, naming why.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readAnnotations } from '../../shared/model/read-annotations.js';
import { TEST_SECRET, signToken } from '../support/tokens.js';
import { createDocument, startTestServer } from '../support/test-server.js';
import { connectClient, whenDoc, whenSynced } from '../support/yjs-clients.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/import/${name}`, import.meta.url), 'utf8');
const revised = fixture('report-v2.txt');
const page = fixture('glossa-page.json');

type ErrorBody = { error: { code: string; message: string } };
interface Report {
  counts: Record<string, number>;
  labelsCreated: { name: string }[];
  outcomes: { index: number; result: string; anchoredBy?: string; start?: number; end?: number; annotationId?: string }[];
}

const post = (base: string, id: string, body: BodyInit, type = 'application/ld+json', token?: string) =>
  fetch(`${base}/api/documents/${id}/annotations/import`, {
    method: 'POST',
    headers: { 'content-type': type, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });

describe('importing Web Annotations (POST /api/documents/{id}/annotations/import)', async () => {
  const server = await startTestServer();

  it('anchors a page onto the revised report: a reader sees the annotations arrive, the answer reports each outcome and the counts', async () => {
    const id = await createDocument(server.url, revised);
    const reader = connectClient(server.url, id);
    await whenSynced(reader);
    const res = await post(server.url, id, page);
    expect(res.status).toBe(201);
    const report = (await res.json()) as Report;
    expect(report.counts).toEqual({ position: 1, quote: 3, fuzzy: 1, detached: 1, existing: 0, replies: 0, skipped: 0 });
    expect(report.labelsCreated.map((l) => l.name)).toEqual(['Border incidents']);
    const reworded = report.outcomes[3]!;
    expect(reworded).toMatchObject({ result: 'created', anchoredBy: 'fuzzy' });
    expect(revised.slice(reworded.start, reworded.end)).toBe('were arrested at the frontier');
    await whenDoc(reader.doc, (d) => readAnnotations(d).length === 6);
    const seen = readAnnotations(reader.doc).find((a) => a.id === reworded.annotationId)!;
    expect(seen.origin).toMatchObject({ creator: 'Aigerim', anchoredBy: 'fuzzy' });

    const again = await post(server.url, id, page);
    expect(again.status).toBe(200);
    expect(((await again.json()) as Report).counts.existing).toBe(6);
    const listed = (await (await fetch(`${server.url}/api/documents/${id}/annotations`)).json()) as { annotations: unknown[] };
    expect(listed.annotations).toHaveLength(6);
    reader.destroy();
  });

  it('takes application/json too, as Hypothesis and Recogito files are usually named', async () => {
    const id = await createDocument(server.url, fixture('report-v1.txt'));
    const res = await post(server.url, id, fixture('recogito.json'), 'application/json');
    expect(res.status).toBe(201);
    expect(((await res.json()) as Report).counts).toMatchObject({ position: 1, quote: 1 });
  });

  it('refuses a file it cannot use, naming what is wrong, and imports nothing of it', async () => {
    const id = await createDocument(server.url, revised);
    const expectError = async (res: Response, status: number, code: string, message?: RegExp) => {
      expect(res.status).toBe(status);
      const body = (await res.json()) as ErrorBody;
      expect(body.error.code).toBe(code);
      if (message) expect(body.error.message).toMatch(message);
    };
    await expectError(await post(server.url, id, '{"type": "AnnotationPage", "items": [', 'application/json'), 400, 'invalid_json');
    await expectError(await post(server.url, id, page, 'text/csv'), 415, 'unsupported_media_type');
    await expectError(await post(server.url, id, JSON.stringify({ title: 'notes', rows: 3 })), 422, 'not_web_annotation');
    await expectError(
      await post(server.url, id, JSON.stringify([{ type: 'Note', text: 'hi' }])),
      422,
      'not_web_annotation',
      /^items\[0\]: is not an Annotation/,
    );

    // The last item is broken: the five before it must not land either.
    const parsed = JSON.parse(page) as { items: { target: { selector: Record<string, unknown>[] } }[] };
    parsed.items[5]!.target.selector[0] = { type: 'TextPositionSelector', start: 40, end: 12 };
    await expectError(
      await post(server.url, id, JSON.stringify(parsed)),
      422,
      'invalid_selector',
      /items\[5\]\.target\.selector\[0\]: end \(12\) is before start \(40\)/,
    );
    // Past the end of the text with no quote to go by: there is nowhere to put it.
    const outside = [{ type: 'Annotation', target: { selector: { type: 'TextPositionSelector', start: 5000, end: 5010 } } }];
    await expectError(await post(server.url, id, JSON.stringify(outside)), 422, 'invalid_selector', /past the end of the text/);

    const many = {
      type: 'AnnotationPage',
      items: Array.from({ length: 20_000 }, () => ({ type: 'Annotation', target: { selector: { type: 'TextQuoteSelector', exact: 'refugees' } } })),
    };
    await expectError(await post(server.url, id, JSON.stringify(many)), 413, 'too_many_annotations', /20000 annotations in one import; the limit is 10000/);

    const listed = (await (await fetch(`${server.url}/api/documents/${id}/annotations`)).json()) as { annotations: unknown[]; labels: { name: string }[] };
    expect(listed.annotations).toEqual([]);
    expect(listed.labels.map((l) => l.name)).not.toContain('Border incidents');
  });
});

describe('who may import (token mode)', async () => {
  const server = await startTestServer({ GLOSSA_SECRET: TEST_SECRET });

  it('an editor may; a commenter may not', async () => {
    const editor = await signToken({ sub: 'u-ed', name: 'Ed', role: 'editor' });
    const id = await createDocument(server.url, revised, 'Report', editor);
    const commenter = await signToken({ sub: 'u-carol', name: 'Carol', role: 'commenter' });
    const refused = await post(server.url, id, page, 'application/ld+json', commenter);
    expect(refused.status).toBe(403);
    const res = await post(server.url, id, page, 'application/ld+json', editor);
    expect(res.status).toBe(201);
    const listed = (await (await fetch(`${server.url}/api/documents/${id}/annotations`, { headers: { authorization: `Bearer ${editor}` } })).json()) as {
      annotations: { author: { id: string }; origin: { creator: string } }[];
    };
    // Aigerim's work, imported by Ed: Ed answers for it; Aigerim is named, not impersonated.
    expect(listed.annotations.every((a) => a.author.id === 'u-ed' && a.origin.creator === 'Aigerim')).toBe(true);
  });
});
