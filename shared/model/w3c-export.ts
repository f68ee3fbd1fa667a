// Export as W3C Web Annotations (https://www.w3.org/TR/annotation-model/). Selectors count
// Unicode code points, so UTF-16 offsets are converted here and nowhere else.

import { anchorHealth } from './anchor-health.js';
import { toCodePointOffsets } from './code-points.js';
import { textContext } from './text-context.js';
import type { AnnotationView, Author, Label } from './types.js';

export interface W3CExportContext {
  /** Absolute URL of the document resource; annotation ids hang below it. */
  documentUrl: string;
  text: string;
  labels: readonly Label[];
}

const person = (a: Author) => ({ id: `urn:glossa:user:${encodeURIComponent(a.id)}`, type: 'Person', name: a.name });

export function toW3CAnnotationPage(annotations: readonly AnnotationView[], ctx: W3CExportContext) {
  const offsets = toCodePointOffsets(
    ctx.text,
    annotations.flatMap((a) => [a.start, a.end]),
  );
  const labelNames = new Map(ctx.labels.map((l) => [l.id, l.name]));
  return {
    '@context': 'http://www.w3.org/ns/anno.jsonld',
    id: `${ctx.documentUrl}/annotations?format=w3c`,
    type: 'AnnotationPage',
    items: annotations.map((a, i) => {
      // Both selectors name one passage: once its text was edited, the text it covers now, not the quote
      // it was made on (kept as glossa:madeOn, so nothing of it is lost).
      const edited = anchorHealth(a, ctx.text) === 'edited';
      const context = edited ? textContext(ctx.text, a.start, a.end) : { quote: a.quote, prefix: a.prefix, suffix: a.suffix };
      const quote = { type: 'TextQuoteSelector', exact: context.quote, prefix: context.prefix, suffix: context.suffix };
      const position = { type: 'TextPositionSelector', start: offsets[2 * i]!, end: offsets[2 * i + 1]! };
      return {
        id: `${ctx.documentUrl}/annotations/${a.id}`,
        type: 'Annotation',
        created: a.createdAt,
        creator: person(a.author),
        motivation: a.comments.length > 0 ? 'commenting' : 'highlighting',
        ...(a.status === 'resolved' ? { 'glossa:status': 'resolved' } : {}),
        ...(edited ? { 'glossa:madeOn': a.quote } : {}),
        body: [
          ...a.labels.map((id) => ({ type: 'TextualBody', purpose: 'tagging', value: labelNames.get(id) ?? id })),
          ...a.comments
            .filter((c) => !c.deleted)
            .map((c) => ({
              type: 'TextualBody',
              purpose: 'commenting',
              format: 'text/markdown',
              value: c.body,
              creator: person(c.author),
              created: c.createdAt,
              ...(c.editedAt ? { modified: c.editedAt } : {}),
            })),
        ],
        // A detached annotation has no position left, only the quote it was made on.
        target: { source: ctx.documentUrl, selector: a.detached ? [quote] : [position, quote] },
      };
    }),
  };
}
