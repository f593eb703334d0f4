/**
 * JUnit XML, which every CI shows: one <testsuite> per adapter and topic, one <testcase> per
 * scenario; a failure carries the differences, the why and the server's operations; a scenario
 * that does not apply is <skipped> with the reason.
 */
import type { ConformanceReport, ScenarioResult } from '../runner.js';
import { describeExpectation, describeOperation, describeOutcome } from './describe.js';

/** Text as XML 1.0 character data: markup escaped, characters XML cannot hold (NUL…) as `\uXXXX`. */
export function xmlText(text: string): string {
  return text
    .replace(
      /[&<>"']/g,
      (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
    )
    .replace(
      /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
}

function testcase(result: ScenarioResult, adapter: string): string {
  const open = `    <testcase classname="${xmlText(`${adapter}.${result.topic}`)}" name="${xmlText(result.id)}" time="${(result.durationMs / 1000).toFixed(3)}">`;
  if (result.verdict === 'pass') return `${open}</testcase>`;
  if (result.verdict === 'not-applicable') {
    return `${open}\n      <skipped message="${xmlText(`not applicable: ${result.differences.join('; ')}`)}"/>\n    </testcase>`;
  }
  const details = [
    `why: ${result.why}`,
    `expected: ${describeExpectation(result.expected)}`,
    `actual: ${describeOutcome(result.outcome)}`,
    ...result.differences,
    ...(result.operations.length > 0 ? ['operations:', ...result.operations.map(describeOperation)] : []),
  ].join('\n');
  return `${open}\n      <failure message="${xmlText(result.differences[0] ?? 'failed')}" type="conformance">${xmlText(details)}</failure>\n    </testcase>`;
}

export function junitReport(reports: readonly ConformanceReport[]): string {
  const suites: string[] = [];
  for (const report of reports) {
    const topics = [...new Set(report.results.map((result) => result.topic))];
    for (const topic of topics) {
      const results = report.results.filter((result) => result.topic === topic);
      const count = (verdict: ScenarioResult['verdict']) =>
        results.filter((r) => r.verdict === verdict).length;
      const seconds = results.reduce((sum, r) => sum + r.durationMs, 0) / 1000;
      suites.push(
        `  <testsuite name="${xmlText(`${report.adapter} ${topic}`)}" tests="${results.length}" failures="${count('fail')}" skipped="${count('not-applicable')}" errors="0" time="${seconds.toFixed(3)}">`,
        ...results.map((result) => testcase(result, report.adapter)),
        '  </testsuite>',
      );
    }
  }
  const total = reports.reduce((sum, report) => sum + report.counts.total, 0);
  const failures = reports.reduce((sum, report) => sum + report.counts.fail, 0);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="ldapmock conformance" tests="${total}" failures="${failures}">\n${suites.join('\n')}\n</testsuites>\n`;
}
