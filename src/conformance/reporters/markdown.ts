/**
 * A Markdown summary: one row per authenticator with its pass / fail / not-applicable counts and
 * the ids of the scenarios it fails — the table of the README.
 */
import type { ConformanceReport } from '../runner.js';

export function markdownReport(
  reports: readonly ConformanceReport[],
  versions: Readonly<Record<string, string>> = {},
): string {
  const rows = reports.map((report) => {
    const { pass, fail, notApplicable } = report.counts;
    const failing = report.results
      .filter((result) => result.verdict === 'fail')
      .map((result) => `\`${result.id}\``);
    const name = versions[report.adapter] ? `${report.adapter} ${versions[report.adapter]}` : report.adapter;
    return `| ${name} | ${pass} | ${fail} | ${notApplicable} | ${failing.length === 0 ? '—' : failing.join(' ')} |`;
  });
  return [
    '| authenticator | pass | fail | n/a | failing scenarios |',
    '| --- | ---: | ---: | ---: | --- |',
    ...rows,
  ].join('\n');
}
