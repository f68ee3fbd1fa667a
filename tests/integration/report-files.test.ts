// Reports brought in as the files teams have: a document made from a Word file or a PDF has the
// file's text and title, a new version can come as an HTML page, and a scan with no text says so.

import { describe, expect, it } from 'vitest';
import { createDocument, startTestServer } from '../support/test-server.js';
import { pdfFile, wordFile } from '../support/report-files.js';

type ErrorBody = { error: { code: string; message: string } };

describe('reports from .docx, .pdf and .html files', async () => {
  const server = await startTestServer();
  const upload = (bytes: Uint8Array<ArrayBuffer> | string, name: string, type: string, method = 'POST', path = '/api/documents') => {
    const form = new FormData();
    form.set('file', new File([bytes], name, { type }));
    return fetch(`${server.url}${path}`, { method, body: form });
  };
  const textOf = async (id: string) => (await (await fetch(`${server.url}/api/documents/${id}`)).json()) as { text: string; title: string };

  it('makes a document from a Word file and from a PDF, with their text and titles', async () => {
    const docx = await wordFile('Kazakhstan report', 'Summary', ['The committee met in Almaty.'], ['Refugees were expelled.']);
    const fromWord = await upload(docx, 'kz.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(fromWord.status).toBe(201);
    const word = (await fromWord.json()) as { id: string; title: string };
    expect(await textOf(word.id)).toMatchObject({ title: 'Kazakhstan report', text: 'Summary\nThe committee met in Almaty.\nRefugees were expelled.' });

    const fromPdf = await upload(await pdfFile('', ['Annual report', 'The committee met in Almaty.']), 'annual-2009.pdf', 'application/pdf');
    expect(fromPdf.status).toBe(201);
    const pdf = (await fromPdf.json()) as { id: string };
    // No title in its information: the file's name.
    expect(await textOf(pdf.id)).toMatchObject({ title: 'annual-2009', text: 'Annual report\nThe committee met in Almaty.' });
  });

  it('takes a new version as an HTML page', async () => {
    const id = await createDocument(server.url, 'Findings\nThe committee met in Almaty.');
    const page = '<html><body><h2>Findings</h2><p>The committee met in sunny <i>Almaty</i>.</p></body></html>';
    expect((await upload(page, 'v2.html', 'text/html', 'PUT', `/api/documents/${id}/text`)).status).toBe(200);
    expect((await textOf(id)).text).toBe('Findings\nThe committee met in sunny Almaty.');
  });

  it('answers a scan with no text 422, a damaged file 400, and a kind of file it does not read 415', async () => {
    const scan = await upload(await pdfFile('Scan', []), 'scan.pdf', 'application/pdf');
    expect(scan.status).toBe(422);
    expect(((await scan.json()) as ErrorBody).error).toEqual({ code: 'no_text', message: 'file: no text: scanned pages need OCR' });
    const damaged = await upload('%PDF-1.7 and then nothing', 'broken.pdf', 'application/pdf');
    expect(damaged.status).toBe(400);
    expect(((await damaged.json()) as ErrorBody).error.code).toBe('unreadable_file');
    expect((await upload('{\\rtf1 hello}', 'report.rtf', 'application/rtf')).status).toBe(415);
  });
});
