// Reads a new document from a request (JSON {title, text} or a multipart .txt/.md upload), and a new
// version of a document's text (JSON {text}, a text/plain body, or the same upload).

import type { Context } from 'hono';
import { z } from 'zod';
import { ApiError } from '../api-error.js';
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

const uploadTypes = new Set(['text/plain', 'text/markdown', 'text/x-markdown', 'application/octet-stream', '']);
const uploadExtension = /\.(txt|md|markdown)$/i;

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

async function fromUpload(c: Context, maxBytes: number): Promise<NewDocumentInput> {
  let form: Record<string, string | File | (string | File)[]>;
  try {
    form = await c.req.parseBody();
  } catch {
    throw new ApiError(400, 'invalid_multipart', 'the multipart body could not be read');
  }
  const file = form.file;
  if (!(file instanceof File)) throw new ApiError(400, 'invalid_field', 'file: is required and must be a file');
  if (!uploadExtension.test(file.name) || !uploadTypes.has(file.type.split(';')[0]!.trim())) {
    throw new ApiError(415, 'unsupported_media_type', `file: only .txt and .md text files are accepted (got "${file.name}", ${file.type || 'no type'})`);
  }
  if (file.size > maxBytes) {
    throw new ApiError(413, 'document_too_large', `file is ${file.size} bytes; the limit is ${maxBytes} bytes`);
  }
  const text = decodeText(await file.arrayBuffer(), 'file');
  const rawTitle = typeof form.title === 'string' && form.title.trim() ? form.title : file.name.replace(uploadExtension, '');
  const parsed = jsonSchema.safeParse({ title: rawTitle, text });
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
