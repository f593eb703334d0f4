/**
 * ldapmock/conformance: the scenario catalogue, the runner, the adapters and the reporters —
 * everything to hold an LDAP authenticator, in any language, to the behaviour of real servers.
 */
export {
  type AdapterCapabilities,
  type AdapterContext,
  type ConformanceAdapter,
  ConformanceError,
  type LoginFacts,
} from './adapter.js';
export {
  adaptersFor,
  builtinAdapter,
  type CommandAdapterOptions,
  commandAdapter,
  isolatedAdapter,
  loadAdapter,
  moduleAdapter,
  SHIPPED_ADAPTERS,
} from './adapters/index.js';
export { CATALOGUE } from './catalogue/index.js';
export type { Applicability, Outcome } from './judge.js';
export {
  htmlReport,
  jsonReport,
  junitReport,
  markdownReport,
  type PrettyOptions,
  prettyReport,
  progressBar,
  REPORTERS,
  type ReporterName,
} from './reporters/index.js';
export {
  type ConformanceCounts,
  type ConformanceReport,
  countVerdicts,
  type RunConformanceOptions,
  runConformance,
  type ScenarioOperation,
  type ScenarioResult,
  type Verdict,
} from './runner.js';
export * from './scenario.js';
export { parseShard, type Selection, selectScenarios } from './select.js';
