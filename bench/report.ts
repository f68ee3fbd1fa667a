// Tables for the terminal and docs/benchmarks.md: one per workload, each server's figure and
// Glossa's ratio to each peer (Glossa ÷ peer), all from the same run.

import { INTERVAL_PERCENT } from './intervals.js';
import { round } from './stats.js';
import type { Better, Metric, Value } from './workloads/types.js';

export interface ServerResult {
  server: string;
  label: string;
  values: Record<string, Value>;
  /** For a peer: the range of Glossa ÷ this server over resampled repeats (bench/intervals.ts), by metric. */
  intervals?: Record<string, [number, number]>;
  error?: string;
  /** Set when some (not all) repeated runs failed. */
  note?: string;
  raw?: unknown;
}

export interface WorkloadReport {
  id: string;
  title: string;
  metrics: Metric[];
  results: ServerResult[];
}

/** Glossa ÷ peer for numeric figures; null when either is missing or the peer's is 0. */
export function ratio(subject: Value | undefined, peer: Value | undefined): number | null {
  // A ratio to zero or a negative figure (e.g. memory that shrank) says nothing.
  if (typeof subject !== 'number' || typeof peer !== 'number' || peer <= 0 || subject < 0) return null;
  return subject / peer;
}

function show(value: Value | undefined): string {
  if (value === undefined || value === null) return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'NO';
  if (typeof value === 'number') return value.toLocaleString('en-US', { maximumFractionDigits: value >= 100 ? 0 : 2 });
  return value;
}

function showRatio(r: number | null, better: Better, range: [number, number] | undefined): string {
  if (r === null || better === 'none') return '';
  return range ? ` (×${round(r, 2)}, ${round(range[0], 2)}–${round(range[1], 2)})` : ` (×${round(r, 2)})`;
}

/** A markdown table: rows are figures, columns servers; peers' cells carry Glossa's ratio to them. */
export function renderTable(report: WorkloadReport, subjectId: string): string {
  const subject = report.results.find((r) => r.server === subjectId);
  const header = ['figure', ...report.results.map((r) => r.label)];
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
  for (const metric of report.metrics) {
    const cells = report.results.map((r) => {
      if (r.error) return 'failed';
      const value = r.values[metric.key];
      if (r.server === subjectId || !subject || subject.error) return show(value);
      return show(value) + showRatio(ratio(subject.values[metric.key], value), metric.better, r.intervals?.[metric.key]);
    });
    const direction = metric.better === 'lower' ? ' ↓' : metric.better === 'higher' ? ' ↑' : '';
    lines.push(`| ${metric.label} (${metric.unit})${direction} | ${cells.join(' | ')} |`);
  }
  const failures = report.results
    .filter((r) => r.error || r.note)
    .map((r) => (r.error ? `- ${r.label} failed: ${r.error.split('\n')[0]}` : `- ${r.label}: ${r.note}`));
  return [`### ${report.id}. ${report.title}`, '', ...lines, ...(failures.length ? ['', ...failures] : [])].join('\n');
}

export function renderAll(reports: WorkloadReport[], subjectId: string): string {
  const legend =
    '(×r) = Glossa ÷ that server, from this run. ↓ lower is better (r ≤ 1 means Glossa is at least as good); ↑ higher is better (r ≥ 1).' +
    ` With three or more repeats, (×r, a–b): the central ${INTERVAL_PERCENT} % of the ratios over the repeats resampled in pairs (bootstrap); a range that spans 1 is a tie.`;
  return [legend, '', ...reports.map((r) => renderTable(r, subjectId) + '\n')].join('\n');
}
