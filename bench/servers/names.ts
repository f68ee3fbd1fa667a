// Document names for peers, which create a room the first time someone joins it.

import { randomBytes } from 'node:crypto';

export function newDocumentNames(count: number): string[] {
  return Array.from({ length: count }, () => `bench-${randomBytes(8).toString('hex')}`);
}
