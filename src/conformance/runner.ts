/**
 * runConformance(): one mock server per profile (and a second one, the peer, where failover
 * needs it), every scenario on a clean copy of the data with its own faults and nothing else,
 * profiles run side by side, scenarios of one profile one after another so no state leaks.
 */
import { Client } from 'ldapts';
import { redactSecrets } from '../client/errors/redaction.js';
import { type JournalEntry, type MockServer, startMockServer } from '../server/index.js';
import { generateCA } from '../server/tls/certificates.js';
import { type ConformanceAdapter, isErrorKind } from './adapter.js';
import { CATALOGUE } from './catalogue/index.js';
import { closedPort, type Endpoints, endpointsUsed, fillEndpoints } from './endpoints.js';
import { journalDifferences } from './journal-checks.js';
import { applicability, judge, type Outcome } from './judge.js';
import { PROFILES, type ProfileName, type Scenario } from './scenario.js';
import { type Selection, selectScenarios } from './select.js';

export type Verdict = 'pass' | 'fail' | 'not-applicable';

/** An operation the server handled during the scenario (from its journal), and which server it was. */
export type ScenarioOperation = Pick<
  JournalEntry,
  | 'connection'
  | 'messageId'
  | 'operation'
  | 'target'
  | 'tls'
  | 'filter'
  | 'code'
  | 'diagnosticMessage'
  | 'entries'
  | 'durationMs'
> & { readonly server: 'primary' | 'peer' };

/** A journal entry (kept as it is: its parsed filter is read from it) and which server it came from. */
type Journaled = { readonly entry: JournalEntry; readonly server: 'primary' | 'peer' };

export interface ScenarioResult {
  readonly id: string;
  readonly topic: Scenario['topic'];
  readonly profile: ProfileName;
  readonly why: string;
  readonly verdict: Verdict;
  /** Why not applicable, or the failures in one line each. */
  readonly differences: readonly string[];
  readonly expected: Scenario['expect'];
  readonly outcome?: Outcome;
  readonly operations: readonly ScenarioOperation[];
  readonly durationMs: number;
}

export interface ConformanceCounts {
  readonly total: number;
  readonly pass: number;
  readonly fail: number;
  readonly notApplicable: number;
}

export interface ConformanceReport {
  readonly adapter: string;
  readonly shard?: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly counts: ConformanceCounts;
  /** In catalogue order. */
  readonly results: readonly ScenarioResult[];
}

export interface RunConformanceOptions extends Selection {
  /** The authenticator under test; its close() is called when the run ends. */
  readonly adapter: ConformanceAdapter;
  /** Default: the whole catalogue. */
  readonly scenarios?: readonly Scenario[];
  /** How long one scenario may take before it fails as hung. Default 10 s. */
  readonly scenarioTimeoutMs?: number;
  /** Called after each scenario, in completion order. */
  readonly onResult?: (result: ScenarioResult, progress: { done: number; total: number }) => void;
}

export async function runConformance(options: RunConformanceOptions): Promise<ConformanceReport> {
  const started = Date.now();
  const scenarios = selectScenarios(options.scenarios ?? CATALOGUE, options);
  const total = scenarios.length;
  let done = 0;
  const results = new Map<Scenario, ScenarioResult>();
  const shared = { otherCA: generateCA().cert, closedURL: `ldap://127.0.0.1:${await closedPort()}` };
  const runProfile = async (profile: ProfileName) => {
    const mine = scenarios.filter((scenario) => scenario.profile === profile);
    if (mine.length === 0) return;
    const needsPeer = mine.some((scenario) =>
      [...endpointsUsed(scenario.config)].some((name) => name.startsWith('PEER_')),
    );
    const [primary, peer] = await Promise.all([
      startMockServer({ profile }),
      needsPeer ? startMockServer({ profile }) : Promise.resolve(undefined),
    ]);
    try {
      const endpoints: Endpoints = {
        URL: primary.url,
        LDAPS_URL: primary.ldapsUrl!,
        ...(peer ? { PEER_URL: peer.url, PEER_LDAPS_URL: peer.ldapsUrl! } : {}),
        CLOSED_URL: shared.closedURL,
        CA: primary.caCertificate,
        OTHER_CA: shared.otherCA,
      };
      for (const scenario of mine) {
        const result = await runScenario(scenario, { primary, peer, endpoints }, options);
        results.set(scenario, result);
        options.onResult?.(result, { done: ++done, total });
      }
    } finally {
      await Promise.all([primary.stop(), peer?.stop()]);
    }
  };
  try {
    await Promise.all(PROFILES.map(runProfile));
  } finally {
    await options.adapter.close?.();
  }
  const ordered = scenarios.map((scenario) => results.get(scenario)!);
  return {
    adapter: options.adapter.name,
    ...(options.shard === undefined ? {} : { shard: options.shard }),
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    counts: countVerdicts(ordered),
    results: ordered,
  };
}

export function countVerdicts(results: readonly ScenarioResult[]): ConformanceCounts {
  const count = (verdict: Verdict) => results.filter((result) => result.verdict === verdict).length;
  return {
    total: results.length,
    pass: count('pass'),
    fail: count('fail'),
    notApplicable: count('not-applicable'),
  };
}

interface Servers {
  readonly primary: MockServer;
  readonly peer: MockServer | undefined;
  readonly endpoints: Endpoints;
}

async function runScenario(
  scenario: Scenario,
  servers: Servers,
  options: RunConformanceOptions,
): Promise<ScenarioResult> {
  const { adapter } = options;
  const started = performance.now();
  const base = {
    id: scenario.id,
    topic: scenario.topic,
    profile: scenario.profile,
    why: scenario.why,
    expected: scenario.expect,
  };
  const applies = applicability(scenario, adapter);
  if (!applies.applicable) {
    return {
      ...base,
      verdict: 'not-applicable',
      differences: [applies.reason],
      operations: [],
      durationMs: 0,
    };
  }
  const secrets = secretsOf(scenario);
  const operations: Journaled[] = [];
  const { primary, peer } = servers;
  const initial = primary.snapshot();
  const peerInitial = peer?.snapshot();
  const stopLogging = [
    record(primary, 'primary', operations),
    ...(peer ? [record(peer, 'peer', operations)] : []),
  ];
  try {
    if (scenario.fixture) primary.apply(scenario.fixture);
    await primary.setFaults(scenario.faults ?? {});
    await peer?.setFaults(scenario.peerFaults ?? {});
    const config = fillEndpoints(scenario.config, servers.endpoints);
    const outcome = await withTimeout(
      perform(scenario, config, adapter, servers),
      options.scenarioTimeoutMs ?? 10_000,
    );
    if ('notApplicable' in outcome) {
      return finish('not-applicable', [redactSecrets(outcome.notApplicable, secrets)]);
    }
    const safe = redactOutcome(outcome, secrets);
    const judgement = judge(scenario, safe, applies.fields, adapter.capabilities);
    const breaches = journalDifferences(
      scenario.journal ?? [],
      operations.map((o) => o.entry),
    );
    if (breaches.length === 0) return finish(judgement.verdict, judgement.differences, safe);
    return finish('fail', [...judgement.differences, ...breaches], safe);
  } finally {
    for (const stop of stopLogging) stop();
    await primary.setFaults({});
    await peer?.setFaults({});
    primary.restore(initial);
    if (peer && peerInitial) peer.restore(peerInitial);
  }

  function finish(verdict: Verdict, differences: readonly string[], outcome?: Outcome): ScenarioResult {
    return {
      ...base,
      verdict,
      differences: differences.map((line) => redactSecrets(line, secrets)),
      ...(outcome ? { outcome } : {}),
      operations: operations.map(summary),
      durationMs: Math.round(performance.now() - started),
    };
  }
}

/** Runs the scenario's action; a refusal becomes an outcome, `not-applicable` a marker. */
async function perform(
  scenario: Scenario,
  config: Record<string, unknown>,
  adapter: ConformanceAdapter,
  servers: Servers,
): Promise<Outcome | { notApplicable: string }> {
  const action = scenario.action;
  const context = {
    profile: scenario.profile,
    ...(scenario.policies ? { policies: scenario.policies } : {}),
  };
  try {
    switch (action.kind) {
      case 'login':
        return { ok: true, login: await adapter.login(config, action.username, action.password, context) };
      case 'listUsers': {
        const options = action.pageSize === undefined ? {} : { pageSize: action.pageSize };
        return { ok: true, users: (await adapter.listUsers!(config, options, context)).usernames };
      }
      case 'testConnection':
        return { ok: true, connection: await adapter.testConnection!(config, context) };
      case 'rotatePassword': {
        const { dn } = await adapter.rotatePassword!(config, action.username, action.newPassword, context);
        return {
          ok: true,
          rotated: { dn, newPasswordBinds: await binds(servers.primary.url, dn, action.newPassword) },
        };
      }
    }
  } catch (error) {
    const kind = (error as { kind?: unknown } | null)?.kind;
    const message = error instanceof Error ? error.message : String(error);
    if (kind === 'not-applicable') return { notApplicable: message };
    return { ok: false, kind: isErrorKind(kind) ? kind : 'unclassified', message };
  }
}

async function binds(url: string, dn: string, password: string): Promise<boolean> {
  const client = new Client({ url, timeout: 5_000, connectTimeout: 5_000 });
  try {
    await client.bind(dn, password);
    return true;
  } catch {
    return false;
  } finally {
    await client.unbind().catch(() => undefined);
  }
}

function record(server: MockServer, name: 'primary' | 'peer', into: Journaled[]): () => void {
  return server.journal.subscribe((entry) => into.push({ entry, server: name }));
}

function summary({ entry: op, server }: Journaled): ScenarioOperation {
  const { connection, messageId, operation, target, tls, code, diagnosticMessage, durationMs } = op;
  return {
    server,
    connection,
    messageId,
    operation,
    target,
    tls,
    ...(op.filter !== undefined && { filter: op.filter }),
    code,
    diagnosticMessage,
    ...(op.entries !== undefined && { entries: op.entries }),
    durationMs,
  };
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T | Outcome> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Outcome>((resolve) => {
    timer = setTimeout(
      () => resolve({ ok: false, kind: 'unclassified', message: `no answer within ${ms / 1000} s (hung)` }),
      ms,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Every password of the scenario: none may appear in a report. */
function secretsOf(scenario: Scenario): string[] {
  const secrets = [
    scenario.config['bindpass'],
    'password' in scenario.action ? scenario.action.password : '',
  ];
  if (scenario.action.kind === 'rotatePassword') secrets.push(scenario.action.newPassword);
  return secrets.filter((secret): secret is string => typeof secret === 'string' && secret.length >= 3);
}

function redactOutcome(outcome: Outcome, secrets: readonly string[]): Outcome {
  return outcome.ok ? outcome : { ...outcome, message: redactSecrets(outcome.message, secrets) };
}
