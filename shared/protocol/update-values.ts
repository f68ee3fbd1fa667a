// Values in a Yjs update that decode into something other than what any client could have written.
//
// lib0 decodes an object in an update key by key with `object[key] = value`, so a key named
// `__proto__` sets the decoded object's prototype instead of a property. An object whose prototype
// is a Uint8Array then passes `instanceof Uint8Array` but is none: encoding the document again
// (a sync answer, a merge, a compaction, a stock client answering sync step 1) throws, and the
// document can no longer be opened by anyone. Such a value never comes from JSON a person typed
// into Glossa: an update holding one is refused whole, before it is applied or relayed.

import * as Y from 'yjs';

/** Where in a decoded value something is wrong with it, or null when it is plain data. */
function strangeValue(value: unknown, path: string, depth: number): string | null {
  if (value === null || typeof value !== 'object') return null;
  if (depth > 64) return `${path} is nested more than 64 deep`;
  if (ArrayBuffer.isView(value)) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = strangeValue(value[i], `${path}[${i}]`, depth + 1);
      if (found) return found;
    }
    return null;
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  // `"__proto__": null` leaves an object without a prototype, which encodes again as it decoded
  // (readers take it as plain data); any other prototype is what breaks encoding.
  if (prototype !== Object.prototype && prototype !== null) return `${path} has a key named "__proto__"`;
  for (const key of Object.keys(value)) {
    const found = strangeValue((value as Record<string, unknown>)[key], `${path}.${key}`, depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * Why a decoded update (Y.decodeUpdate) holds a value that would not survive being encoded again,
 * or null when every value in it is plain data: JSON values and byte arrays.
 */
export function unencodableValue(decoded: { structs: readonly unknown[] }): string | null {
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue;
    const content = struct.content;
    let found: string | null = null;
    if (content instanceof Y.ContentAny) found = strangeValue(content.arr, 'a value', 0);
    else if (content instanceof Y.ContentEmbed) found = strangeValue(content.embed, 'an embed', 0);
    else if (content instanceof Y.ContentFormat) found = strangeValue(content.value, 'a format', 0);
    else if (content instanceof Y.ContentDoc) found = strangeValue(content.doc?.meta, 'a subdocument', 0);
    if (found) return `${found}, which does not decode as it was written`;
  }
  return null;
}
