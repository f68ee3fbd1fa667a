// Client-made ids for annotations and comments: a retried command names the same thing twice,
// so the server can answer it instead of creating a duplicate.

export function newId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replaceAll('+', '-').replaceAll('/', '_').replaceAll('=', '');
}
