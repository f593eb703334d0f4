/**
 * A Markdown summary: one row per authenticator with its pass / fail / not-applicable counts,
 * then the ids of the scenarios each fails — the table of the README, laid out as a Markdown
 * formatter lays it out (columns padded, counts right-aligned), so formatting changes nothing.
 */
import type { ConformanceReport } from '../runner.js';

type Align = 'left' | 'right';

export function markdownReport(
  reports: readonly ConformanceReport[],
  versions: Readonly<Record<string, string>> = {},
): string {
  const name = (report: ConformanceReport) =>
    versions[report.adapter] ? `${report.adapter} ${versions[report.adapter]}` : report.adapter;
  const rows = reports.map((report) => {
    const { pass, fail, notApplicable } = report.counts;
    return [name(report), String(pass), String(fail), String(notApplicable)];
  });
  const table = aligned(['authenticator', 'pass', 'fail', 'n/a'], ['left', 'right', 'right', 'right'], rows);
  const failing = reports.flatMap((report) => {
    const ids = report.results
      .filter((result) => result.verdict === 'fail')
      .map((result) => `\`${result.id}\``);
    return ids.length === 0 ? [] : [`- ${name(report)} fails ${ids.join(', ')}`];
  });
  return failing.length === 0 ? table : `${table}\n\n${failing.join('\n')}`;
}

function aligned(
  header: readonly string[],
  align: readonly Align[],
  rows: readonly (readonly string[])[],
): string {
  const length = (text: string) => [...text].length;
  const widths = header.map((_, column) =>
    Math.max(3, ...[header, ...rows].map((row) => length(row[column]!))),
  );
  const pad = (cell: string, column: number) => {
    const fill = ' '.repeat(widths[column]! - length(cell));
    return align[column] === 'right' ? fill + cell : cell + fill;
  };
  const line = (cells: readonly string[]) => `| ${cells.map(pad).join(' | ')} |`;
  const rule = widths.map((width, column) =>
    align[column] === 'right' ? `${'-'.repeat(width - 1)}:` : '-'.repeat(width),
  );
  return [line(header), `| ${rule.join(' | ')} |`, ...rows.map(line)].join('\n');
}
