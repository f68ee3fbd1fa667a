// Turning zod failures and model errors into API errors that name the field.

import type { Context } from 'hono';
import type { z } from 'zod';
import { ApiError } from './api-error.js';

export function fieldError(issue: z.core.$ZodIssue | undefined): ApiError {
  const field = issue?.path.join('.') || 'body';
  const message = issue?.code === 'invalid_type' ? `${field}: is required and must be a ${issue.expected}` : `${field}: ${issue?.message ?? 'invalid'}`;
  return new ApiError(400, 'invalid_field', message);
}

export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw fieldError(parsed.error.issues[0]);
  return parsed.data;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The path of the first string in `value` holding a lone surrogate (a `\ud800` escape), if any. */
function illFormedAt(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? path : null;
  if (typeof value !== 'object' || value === null || depth > 64) return null;
  for (const [key, item] of Object.entries(value)) {
    const found = illFormedAt(item, path ? `${path}.${key}` : key, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

/**
 * The request body as JSON: 400 for bytes that are not UTF-8 (the platform would silently turn them
 * into U+FFFD), for bad JSON, and for a string that is not Unicode (a lone surrogate, stored and read
 * back as U+FFFD), naming the field.
 */
export async function readJson(c: Context): Promise<unknown> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(await c.req.arrayBuffer());
  } catch {
    throw new ApiError(400, 'invalid_encoding', 'the request body is not valid UTF-8');
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiError(400, 'invalid_json', 'the request body is not valid JSON');
  }
  const bad = illFormedAt(body, '');
  if (bad !== null) throw new ApiError(400, 'invalid_field', `${bad || 'body'}: is not valid Unicode (a lone surrogate)`);
  return body;
}

/** The request's JSON object body; 415 for another media type, 400 for bad JSON or a non-object. */
export async function readJsonObject(c: Context): Promise<Record<string, unknown>> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') throw new ApiError(415, 'unsupported_media_type', 'send application/json');
  const body = await readJson(c);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError(400, 'invalid_field', 'body: must be a JSON object');
  return body as Record<string, unknown>;
}
