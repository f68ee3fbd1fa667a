// Reports brought in as the files teams have: headings, paragraphs and list items become lines, the
// markup goes, the title comes from the file's metadata, and a file with nothing to read says so.

import { describe, expect, it } from 'vitest';
import { ExtractionError, extractText, sourceKind } from '../../../../server/documents/extract/extract-text.js';
import { pdfFile, wordFile } from '../../../support/report-files.js';

describe('extracting a report’s text', () => {
  it('reads an HTML page as lines, without markup, scripts or styles, with entities decoded and its <title>', async () => {
    const html = `<!doctype html><html><head><title> Q3  report </title><style>p { color: red }</style></head>
      <body><h1>Findings</h1><p>The committee   met in <b>Almaty</b> &amp; Astana.</p>
      <ul><li>Refugees</li><li>Expulsions</li></ul><script>alert(1)</script>
      <table><tr><th>Year</th><td>2009</td></tr></table></body></html>`;
    expect(await extractText('html', new TextEncoder().encode(html))).toEqual({
      text: 'Findings\nThe committee met in Almaty & Astana.\nRefugees\nExpulsions\nYear 2009',
      title: 'Q3 report',
    });
  });

  it('keeps a <pre> block as written: its indentation, its blank lines and its spacing', async () => {
    const html = `<body><p>The log:</p><pre>
08:00  convoy   leaves
  checkpoint A

09:30  arrives
</pre><p>End   of   log.</p></body>`;
    expect((await extractText('html', new TextEncoder().encode(html))).text).toBe(
      'The log:\n08:00  convoy   leaves\n  checkpoint A\n\n09:30  arrives\nEnd of log.',
    );
  });

  it('reads a Word document’s heading, paragraphs and list items as lines, and its title', async () => {
    const docx = await wordFile(
      'Kazakhstan: the OSCE chair',
      'Summary',
      ['The committee met in Almaty.', 'Refugees were expelled.'],
      ['First point', 'Second point'],
    );
    expect(await extractText('docx', docx)).toEqual({
      text: 'Summary\nThe committee met in Almaty.\nRefugees were expelled.\nFirst point\nSecond point',
      title: 'Kazakhstan: the OSCE chair',
    });
  });

  it('reads a PDF’s text layer line by line with its title, and says a PDF with none needs OCR', async () => {
    const pdf = await pdfFile('Annual report', ['The committee met in Almaty.', 'Refugees were expelled.']);
    expect(await extractText('pdf', pdf)).toEqual({ text: 'The committee met in Almaty.\nRefugees were expelled.', title: 'Annual report' });
    const scan = await pdfFile('Scanned', []);
    await expect(extractText('pdf', scan)).rejects.toThrow(new ExtractionError('no_text', 'no text: scanned pages need OCR'));
  });

  it('knows a file by its name, and refuses one that is not what its name says', async () => {
    expect(['a.txt', 'b.MD', 'c.html', 'd.htm', 'e.docx', 'f.pdf', 'g.odt', 'h.doc'].map(sourceKind)).toEqual([
      'text',
      'text',
      'html',
      'html',
      'docx',
      'pdf',
      null,
      null,
    ]);
    await expect(extractText('pdf', new TextEncoder().encode('hello'))).rejects.toMatchObject({ reason: 'unreadable' });
    await expect(extractText('docx', new TextEncoder().encode('PK but not a zip'))).rejects.toMatchObject({ reason: 'unreadable' });
    await expect(extractText('text', new Uint8Array([0x66, 0xff]))).rejects.toMatchObject({ reason: 'unreadable' });
  });
});
