// Turning zod failures and model errors into API errors that name the field.

import type { Context } from 'hono';
import type { z } from 'zod';
import { ApiError } from './api-error.js';

export function fieldError(issue: z.core.$ZodIssue | undefined): ApiError {
  const field = issue?.path.join('.') || 'body';
  const message =
    issue?.code === 'invalid_type' ? `${field}: is required and must be a ${issue.expected}` : `${field}: ${issue?.message ?? 'invalid'}`;
  return new ApiError(400, 'invalid_field', message);
}

export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw fieldError(parsed.error.issues[0]);
  return parsed.data;
}

/** The request's JSON object body; 415 for another media type, 400 for bad JSON or a non-object. */
export async function readJsonObject(c: Context): Promise<Record<string, unknown>> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') throw new ApiError(415, 'unsupported_media_type', 'send application/json');
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new ApiError(400, 'invalid_json', 'the request body is not valid JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError(400, 'invalid_field', 'body: must be a JSON object');
  return body as Record<string, unknown>;
}
