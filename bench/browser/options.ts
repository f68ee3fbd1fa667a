// Command-line flags of `npm run bench:browser` and the scenarios they select.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from './paths.js';

export interface Scenario {
  /** Short name used in file names and tables, e.g. "10000-overlap". */
  id: string;
  annotations: number;
  /** Fraction of annotations that overlap their successor (0 or 0.2). */
  overlap: number;
  /**
   * Diagnostic: Glossa with its side panel (the annotation list) hidden through ::part(panel), to
   * tell the list's cost from the text's and the highlights'. Not run for Recogito, which has no list.
   */
  hidePanel: boolean;
}

export interface BrowserBenchOptions {
  scenarios: Scenario[];
  /** Measured page loads per scenario (after one warm-up load). */
  runs: number;
  /** Add-then-remove cycles per page load. */
  changesPerRun: number;
  recogito: boolean;
  profile: boolean;
  build: boolean;
  textPath: string;
}

const usage = `usage: npm run bench:browser -- [--runs N] [--changes N] [--sizes 0,2000,10000] [--no-overlap]
       [--no-diagnose] [--no-recogito] [--no-profile] [--no-build] [--quick] [--text FILE]`;

function positiveInt(value: string, flag: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`${flag}: expected a whole number >= ${min}\n${usage}`);
  return n;
}

export function parseOptions(argv: string[]): BrowserBenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      runs: { type: 'string' },
      changes: { type: 'string' },
      sizes: { type: 'string' },
      'no-overlap': { type: 'boolean', default: false },
      'no-diagnose': { type: 'boolean', default: false },
      'no-recogito': { type: 'boolean', default: false },
      'no-profile': { type: 'boolean', default: false },
      'no-build': { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      text: { type: 'string' },
    },
  });
  const quick = values.quick === true;
  const sizes = (values.sizes ?? (quick ? '0,2000' : '0,2000,10000')).split(',').map((s) => positiveInt(s.trim(), '--sizes', 0));
  const scenarios: Scenario[] = sizes.map((n) => ({ id: String(n), annotations: n, overlap: 0, hidePanel: false }));
  // The overlapping variant of the largest size: the case where overlaps could cost the most.
  const largest = Math.max(...sizes);
  if (!values['no-overlap'] && largest > 0) scenarios.push({ id: `${largest}-overlap`, annotations: largest, overlap: 0.2, hidePanel: false });
  if (!values['no-diagnose'] && largest > 0) scenarios.push({ id: `${largest}-no-panel`, annotations: largest, overlap: 0, hidePanel: true });
  const textPath = values.text ?? join(REPO_ROOT, '..', 'shared', 'corpus', 'shakespeare.txt');
  if (!existsSync(textPath)) throw new Error(`no source text at ${textPath}; pass --text FILE`);
  return {
    scenarios,
    runs: values.runs ? positiveInt(values.runs, '--runs', 1) : quick ? 3 : 5,
    changesPerRun: values.changes ? positiveInt(values.changes, '--changes', 1) : quick ? 2 : 3,
    recogito: !values['no-recogito'],
    profile: !values['no-profile'],
    build: !values['no-build'],
    textPath,
  };
}
