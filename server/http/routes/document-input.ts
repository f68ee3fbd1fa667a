// Reads a new document from a request (JSON {title, text} or a multipart upload of a .txt, .md, .html,
// .docx or .pdf file), and a new version of a document's text (JSON {text}, a text/plain body, or the same upload).

import type { Context } from 'hono';
import { z } from 'zod';
import { ApiError } from '../api-error.js';
import { ExtractionError, SUPPORTED_FILES, sourceKind } from '../../documents/extract/extract-text.js';
import { extractOffThread } from '../../documents/extract/extract-off-thread.js';
import { fieldError, readJson } from '../validation.js';

export interface NewDocumentInput {
  title: string;
  text: string;
}

const MAX_TITLE_CHARS = 200;

/** A document's title, on creation and renaming. */
export const titleSchema = z.string().trim().min(1, 'must not be empty').max(MAX_TITLE_CHARS, `must be at most ${MAX_TITLE_CHARS} characters`);
const jsonSchema = z.object({
  title: titleSchema,
  text: z.string().min(1, 'must not be empty'),
});

function checkSize(text: string, maxBytes: number): void {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > maxBytes) {
    throw new ApiError(413, 'document_too_large', `text is ${bytes} bytes; the limit is ${maxBytes} bytes`);
  }
}

async function fromJson(c: Context, maxBytes: number): Promise<NewDocumentInput> {
  const body = await readJson(c);
  const parsed = jsonSchema.safeParse(body);
  if (!parsed.success) throw fieldError(parsed.error.issues[0]);
  checkSize(parsed.data.text, maxBytes);
  return parsed.data;
}

/** A report uploaded as a file: its text and title (see extract-text.ts). */
async function fromUpload(c: Context, maxBytes: number): Promise<NewDocumentInput> {
  let form: Record<string, string | File | (string | File)[]>;
  try {
    form = await c.req.parseBody();
  } catch {
    throw new ApiError(400, 'invalid_multipart', 'the multipart body could not be read');
  }
  const file = form.file;
  if (!(file instanceof File)) throw new ApiError(400, 'invalid_field', 'file: is required and must be a file');
  const kind = sourceKind(file.name);
  if (!kind)
    throw new ApiError(415, 'unsupported_media_type', `file: only ${SUPPORTED_FILES} files are accepted (got "${file.name}", ${file.type || 'no type'})`);
  // A text file is its text: over the limit, it need not be read.
  if (kind === 'text' && file.size > maxBytes) throw new ApiError(413, 'document_too_large', `file is ${file.size} bytes; the limit is ${maxBytes} bytes`);
  let extracted: { text: string; title: string | null };
  try {
    extracted = await extractOffThread(kind, new Uint8Array(await file.arrayBuffer()));
  } catch (error) {
    if (!(error instanceof ExtractionError)) throw error;
    if (error.reason === 'no_text') throw new ApiError(422, 'no_text', `file: ${error.message}`);
    if (kind === 'text') throw new ApiError(400, 'invalid_encoding', `file: is ${error.message}`);
    throw new ApiError(400, 'unreadable_file', `file: ${error.message}`);
  }
  checkSize(extracted.text, maxBytes);
  // A title from the file's metadata or name is cut to fit; one given in the form must fit.
  const given = typeof form.title === 'string' && form.title.trim() ? form.title : null;
  const title = given ?? (extracted.title ?? file.name.replace(/\.[^.]*$/, '')).slice(0, MAX_TITLE_CHARS);
  const parsed = jsonSchema.safeParse({ title, text: extracted.text });
  if (!parsed.success) throw fieldError(parsed.error.issues[0]);
  return parsed.data;
}

const newTextSchema = z.object({ text: z.string().min(1, 'must not be empty') });

function decodeText(bytes: ArrayBuffer, field: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ApiError(400, 'invalid_encoding', `${field}: is not valid UTF-8 text`);
  }
}

export async function readNewText(c: Context, maxBytes: number): Promise<string> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json') {
    const parsed = newTextSchema.safeParse(await readJson(c));
    if (!parsed.success) throw fieldError(parsed.error.issues[0]);
    checkSize(parsed.data.text, maxBytes);
    return parsed.data.text;
  }
  if (type === 'text/plain' || type === 'text/markdown') {
    const bytes = await c.req.arrayBuffer();
    if (bytes.byteLength > maxBytes) throw new ApiError(413, 'document_too_large', `text is ${bytes.byteLength} bytes; the limit is ${maxBytes} bytes`);
    const text = decodeText(bytes, 'body');
    if (!text) throw new ApiError(400, 'invalid_field', 'body: must not be empty');
    return text;
  }
  if (type === 'multipart/form-data') return (await fromUpload(c, maxBytes)).text;
  throw new ApiError(
    415,
    'unsupported_media_type',
    'send the new text as text/plain, as application/json {text}, or as a multipart/form-data upload with a "file" field',
  );
}

export async function readNewDocument(c: Context, maxBytes: number): Promise<NewDocumentInput> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json') return fromJson(c, maxBytes);
  if (type === 'multipart/form-data') return fromUpload(c, maxBytes);
  throw new ApiError(415, 'unsupported_media_type', 'send application/json {title, text} or a multipart/form-data upload with a "file" field');
}
