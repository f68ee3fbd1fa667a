// The text of an HTML page as a report's lines: each heading, paragraph, list item, table row and
// other block one line, whitespace within it collapsed (inside <pre>, lines kept as written), markup, scripts and styles
// dropped, entities decoded by a real parser (parse5, as browsers parse).

import { parse } from 'parse5';
import type { DefaultTreeAdapterMap } from 'parse5';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

const SKIPPED = new Set(['head', 'script', 'style', 'noscript', 'template', 'svg', 'math', 'iframe', 'object']);
const BLOCKS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'caption',
  'dd',
  'details',
  'dialog',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'html',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'thead',
  'tfoot',
  'tr',
  'ul',
]);
const CELLS = new Set(['td', 'th']);

function isElement(node: Node): node is Element {
  return 'tagName' in node;
}

/** The page's lines, and its <title> if it has one. */
export function htmlText(html: string): { text: string; title: string | null } {
  const document = parse(html);
  const lines: string[] = [];
  let line = '';
  /** Inside <pre> a line is kept as written, indentation and blank lines too. */
  let preLine = false;
  const endLine = () => {
    if (preLine) lines.push(line.replace(/\r/g, '').trimEnd());
    else {
      const trimmed = line.replace(/[ \t\f\r]+/g, ' ').trim();
      if (trimmed) lines.push(trimmed);
    }
    line = '';
    preLine = false;
  };
  const walk = (node: Node, inPre: boolean): void => {
    if (node.nodeName === '#text') {
      const value = (node as DefaultTreeAdapterMap['textNode']).value;
      if (!inPre) line += value.replace(/\s+/g, ' ');
      // Inside <pre> each line of the source is a line.
      else
        value.split('\n').forEach((part, i) => {
          if (i > 0) {
            preLine = true;
            endLine();
          }
          line += part;
          preLine = true;
        });
      return;
    }
    const tag = isElement(node) ? node.tagName : '';
    if (SKIPPED.has(tag)) return;
    if (tag === 'br') return endLine();
    const block = BLOCKS.has(tag);
    if (block) endLine();
    if (CELLS.has(tag) && line.trim()) line += ' ';
    if ('childNodes' in node) for (const child of node.childNodes) walk(child, inPre || tag === 'pre');
    // The newline that ends a <pre>'s last line starts no line of its own.
    if (tag === 'pre' && line === '') preLine = false;
    if (block) endLine();
  };
  walk(document, false);
  endLine();
  const title = find(document, 'title');
  return { text: lines.join('\n'), title: (title && textOf(title).replace(/\s+/g, ' ').trim()) || null };
}

function textOf(node: Node): string {
  if (node.nodeName === '#text') return (node as DefaultTreeAdapterMap['textNode']).value;
  return 'childNodes' in node ? node.childNodes.map(textOf).join('') : '';
}

function find(node: Node, tag: string): Element | null {
  if (isElement(node) && node.tagName === tag) return node;
  if (!('childNodes' in node)) return null;
  for (const child of node.childNodes) {
    const found = find(child, tag);
    if (found) return found;
  }
  return null;
}
