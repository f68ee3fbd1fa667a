// Accessibility checks with axe-core in the page as it is: the violations a person relying on a
// screen reader or the keyboard would hit. axe looks into open shadow roots on its own.

import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Rules about finding one's way: landmarks and headings. Held to zero even at "moderate". */
const WAYFINDING = /^(landmark-|region$|page-has-heading-one$|heading-order$|empty-heading$|bypass$)/;

/** Serious and critical violations, and wayfinding ones of any impact. */
export async function axeViolations(page: Page): Promise<AxeFinding[]> {
  // Evaluated, not added as an inline <script>: Glossa's pages refuse inline scripts (docs/security.md).
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const results = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            context: Document,
            options: object,
          ): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }>;
        };
      }
    ).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
  return results
    .filter((v) => v.impact === 'serious' || v.impact === 'critical' || WAYFINDING.test(v.id))
    .map((v) => ({ rule: v.id, impact: v.impact ?? '', help: v.help, targets: v.nodes.slice(0, 5).map((n) => JSON.stringify(n.target)) }));
}
