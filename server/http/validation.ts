// Turning zod failures and model errors into API errors that name the field.

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
