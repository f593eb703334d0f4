/** The report formats, by the name `--reporter` takes. */
import type { ConformanceReport } from '../runner.js';
import { htmlReport } from './html.js';
import { jsonReport } from './json.js';
import { junitReport } from './junit.js';
import { markdownReport } from './markdown.js';
import { type PrettyOptions, prettyReport } from './pretty.js';

export { htmlReport } from './html.js';
export { jsonReport } from './json.js';
export { junitReport } from './junit.js';
export { markdownReport } from './markdown.js';
export { type PrettyOptions, prettyReport, progressBar } from './pretty.js';

export const REPORTERS = {
  pretty: (reports: readonly ConformanceReport[], options?: PrettyOptions) => prettyReport(reports, options),
  json: (reports: readonly ConformanceReport[]) => jsonReport(reports),
  junit: (reports: readonly ConformanceReport[]) => junitReport(reports),
  html: (reports: readonly ConformanceReport[]) => htmlReport(reports),
  markdown: (reports: readonly ConformanceReport[]) => `${markdownReport(reports)}\n`,
} as const;

export type ReporterName = keyof typeof REPORTERS;
