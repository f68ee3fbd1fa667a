// The text of a PDF's text layer (pdf.js): each line of the page a line, pages one after another;
// the title from the document's information. A PDF with no text layer (scanned pages) has none.

import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

interface TextItem {
  str: string;
  hasEOL: boolean;
}

export async function pdfText(bytes: Uint8Array): Promise<{ text: string; title: string | null }> {
  // pdf.js takes the buffer over: a copy, so the caller's stays readable.
  // Errors only: font warnings (no standard font data, which text needs none of) would go to stderr.
  const pdf = await getDocument({ data: bytes.slice(), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  try {
    const lines: string[] = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      let line = '';
      for (const item of (await page.getTextContent()).items as TextItem[]) {
        line += item.str;
        if (item.hasEOL) {
          lines.push(line.trim());
          line = '';
        }
      }
      lines.push(line.trim());
      page.cleanup();
    }
    const info = (await pdf.getMetadata()).info as { Title?: unknown } | undefined;
    const title = typeof info?.Title === 'string' && info.Title.trim() ? info.Title.trim() : null;
    return { text: lines.filter(Boolean).join('\n'), title };
  } finally {
    await pdf.destroy();
  }
}
