// Content-Disposition for downloads named after a document title, which anyone may have typed.

// Characters that no file system or header should get from a title: controls, path separators,
// Windows' reserved characters, the quote and backslash that would end or escape the header's string,
// and lone surrogates (with the u flag a pair is one code point), which encodeURIComponent throws on.
// eslint-disable-next-line no-control-regex -- control characters are what this must keep out
const unsafe = /[\u0000-\u001f\u007f"\\/:*?<>|\ud800-\udfff]/gu;
const MAX_NAME = 120;

/**
 * `attachment; filename="<ascii>"` with an ASCII fallback for old clients, plus RFC 5987/6266's
 * `filename*=UTF-8''…` whenever the real name is not plain ASCII (browsers prefer it).
 */
export function attachment(title: string, extension: string): string {
  const base = Array.from(title.replace(unsafe, '_').trim()).slice(0, MAX_NAME).join('') || 'export';
  const name = `${base}.${extension}`;
  if (/^[\x20-\x7e]*$/.test(name)) return `attachment; filename="${name}"`;
  return `attachment; filename="${asciiFallback(base)}.${extension}"; filename*=UTF-8''${encodeRfc5987(name)}`;
}

// Accents dropped (Zoë → Zoe), other non-ASCII runs one "_" each; a title with nothing legible
// left (Cyrillic, say) falls back to "export" rather than a row of underscores.
function asciiFallback(base: string): string {
  // NFKD also turns full-width ／ and ＂ into / and ", so the unsafe characters go after it.
  const ascii = base
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(unsafe, '_')
    .replace(/[^\x20-\x7e]+/g, '_');
  return /[A-Za-z0-9]/.test(ascii) ? ascii : 'export';
}

// encodeURIComponent leaves ' ( ) * unescaped, but RFC 5987's attr-char does not allow them.
const encodeRfc5987 = (value: string) => encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
