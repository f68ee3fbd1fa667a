// Why a command could not be applied; the HTTP layer turns `kind` into a status.

// `unprocessable`: well-formed input that cannot be used (an import that is not Web Annotations).
export type ModelErrorKind = 'invalid' | 'unprocessable' | 'not_found' | 'conflict' | 'forbidden' | 'too_large';

export class ModelError extends Error {
  constructor(
    readonly kind: ModelErrorKind,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const invalid = (field: string, problem: string) => new ModelError('invalid', 'invalid_field', `${field}: ${problem}`);
export const notFound = (what: string, id: string) => new ModelError('not_found', `${what}_not_found`, `no ${what} with id "${id}"`);
