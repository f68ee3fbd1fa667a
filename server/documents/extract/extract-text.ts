// A report's text from the file a team has it in: plain text and Markdown as they are; HTML, Word
// (.docx) and PDF with headings, paragraphs and list items as lines and the markup dropped. The
// title from the file's metadata when it has one.

import { docxText } from './docx-text.js';
import { htmlText } from './html-text.js';
import { pdfText } from './pdf-text.js';

export type SourceKind = 'text' | 'html' | 'docx' | 'pdf';

export class ExtractionError extends Error {
  constructor(
    /** unsupported: not a kind of file read here; no_text: nothing to read (a scan); unreadable: damaged or not what it says. */
    readonly reason: 'unsupported' | 'no_text' | 'unreadable',
    message: string,
  ) {
    super(message);
  }
}

const EXTENSIONS: [RegExp, SourceKind][] = [
  [/\.(txt|text|md|markdown)$/i, 'text'],
  [/\.(html?|xhtml)$/i, 'html'],
  [/\.docx$/i, 'docx'],
  [/\.pdf$/i, 'pdf'],
];

/** What kind of file `name` is, by its extension; null when it is none read here. */
export function sourceKind(name: string): SourceKind | null {
  return EXTENSIONS.find(([pattern]) => pattern.test(name))?.[1] ?? null;
}

export const SUPPORTED_FILES = '.txt, .md, .html, .docx and .pdf';

const startsWith = (bytes: Uint8Array, magic: string) => [...magic].every((ch, i) => bytes[i] === ch.charCodeAt(0));

/** The file's text and title; throws ExtractionError when there is none to read. */
export async function extractText(kind: SourceKind, bytes: Uint8Array): Promise<{ text: string; title: string | null }> {
  if (kind === 'docx' && !startsWith(bytes, 'PK')) throw new ExtractionError('unreadable', 'not a Word (.docx) file');
  if (kind === 'pdf' && !startsWith(bytes, '%PDF')) throw new ExtractionError('unreadable', 'not a PDF file');
  let extracted: { text: string; title: string | null };
  try {
    if (kind === 'text') extracted = { text: decodeUtf8(bytes), title: null };
    else if (kind === 'html') extracted = htmlText(decodeUtf8(bytes));
    else extracted = kind === 'docx' ? await docxText(bytes) : await pdfText(bytes);
  } catch (error) {
    if (error instanceof ExtractionError) throw error;
    throw new ExtractionError('unreadable', `the ${kind === 'docx' ? 'Word' : kind.toUpperCase()} file could not be read: ${(error as Error).message}`);
  }
  if (kind === 'pdf' && !extracted.text.trim()) throw new ExtractionError('no_text', 'no text: scanned pages need OCR');
  return extracted;
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ExtractionError('unreadable', 'not valid UTF-8 text');
  }
}
