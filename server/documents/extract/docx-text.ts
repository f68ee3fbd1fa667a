// The text of a Word document: mammoth turns it into HTML (headings, paragraphs, lists), read as any
// page is (html-text.ts); the title from the document's properties (docProps/core.xml).

import JSZip from 'jszip';
import mammoth from 'mammoth';
import { htmlText } from './html-text.js';

export async function docxText(bytes: Uint8Array): Promise<{ text: string; title: string | null }> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { value: html } = await mammoth.convertToHtml({ buffer });
  return { text: htmlText(html).text, title: await coreTitle(buffer) };
}

async function coreTitle(buffer: Buffer): Promise<string | null> {
  const core = await (await JSZip.loadAsync(buffer)).file('docProps/core.xml')?.async('string');
  const title = core && /<dc:title>([^<]*)<\/dc:title>/.exec(core)?.[1];
  return title ? htmlText(title).text || null : null;
}
