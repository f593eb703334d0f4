/**
 * The terminal report: a progress bar while the scenarios run (on a TTY), then for each adapter
 * every failure with what was expected, what happened, why the scenario exists and what the
 * authenticator asked the server — and the counts.
 */
import type { ConformanceReport, ScenarioResult } from '../runner.js';
import { describeExpectation, describeOperation, describeOutcome } from './describe.js';

export interface PrettyOptions {
  /** ANSI colours (default: off). */
  readonly color?: boolean;
  /** List not-applicable scenarios with their reasons too. */
  readonly verbose?: boolean;
}

const paint = (on: boolean, code: number) => (text: string) =>
  on ? `\u001b[${code}m${text}\u001b[0m` : text;

export function prettyReport(reports: readonly ConformanceReport[], options: PrettyOptions = {}): string {
  const color = options.color === true;
  const red = paint(color, 31);
  const green = paint(color, 32);
  const dim = paint(color, 2);
  const bold = paint(color, 1);
  const out: string[] = [];
  for (const report of reports) {
    out.push(bold(`${report.adapter}${report.shard ? ` (shard ${report.shard})` : ''}`));
    for (const result of report.results) {
      if (result.verdict === 'fail') out.push(...failure(result, { red, dim }));
      else if (result.verdict === 'not-applicable' && options.verbose) {
        out.push(dim(`  n/a  ${result.id}: ${result.differences.join('; ')}`));
      }
    }
    const { pass, fail, notApplicable, total } = report.counts;
    const summary = `  ${pass} passed, ${fail} failed, ${notApplicable} not applicable of ${total} (${(report.durationMs / 1000).toFixed(1)} s)`;
    out.push(fail > 0 ? red(summary) : green(summary), '');
  }
  return `${out.join('\n')}\n`;
}

function failure(
  result: ScenarioResult,
  { red, dim }: { red: (text: string) => string; dim: (text: string) => string },
): string[] {
  const lines = [
    red(`  ✗ ${result.id}`),
    `      why:      ${result.why}`,
    `      expected: ${describeExpectation(result.expected)}`,
    `      actual:   ${describeOutcome(result.outcome)}`,
    ...result.differences.map((difference) => `      ${red('≠')} ${difference}`),
  ];
  if (result.operations.length > 0) {
    lines.push(dim('      operations the server handled:'));
    for (const operation of result.operations.slice(0, 20))
      lines.push(dim(`        ${describeOperation(operation)}`));
    if (result.operations.length > 20) lines.push(dim(`        … ${result.operations.length - 20} more`));
  }
  return lines;
}

/** A one-line progress bar redrawn in place; nothing when the stream is not a terminal. */
export function progressBar(
  stream: NodeJS.WriteStream,
): (result: ScenarioResult, progress: { done: number; total: number }) => void {
  if (!stream.isTTY) return () => undefined;
  let failed = 0;
  return (result, { done, total }) => {
    if (result.verdict === 'fail') failed++;
    const width = 30;
    const filled = Math.round((done / total) * width);
    const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}${failed ? `, ${failed} failed` : ''}  ${result.id}`;
    stream.write(`\r\u001b[2K${line.slice(0, (stream.columns || 100) - 1)}`);
    if (done === total) stream.write('\r\u001b[2K');
  };
}
