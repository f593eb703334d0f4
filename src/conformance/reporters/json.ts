/** The machine-readable report: every result with its expectation, outcome and operations. */
import type { ConformanceReport } from '../runner.js';

export function jsonReport(reports: readonly ConformanceReport[]): string {
  return `${JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2)}\n`;
}
