/**
 * Whether a scenario applies to an adapter, and whether what the adapter did is what the
 * scenario expects. A scenario the adapter cannot express is "not applicable", never "failed".
 */
import { dnEquals } from '../core/dn-normalize.js';
import {
  type AdapterCapabilities,
  adapterActions,
  type ConformanceAdapter,
  type LoginFacts,
} from './adapter.js';
import {
  ACCOUNT_STATE_KINDS,
  type ErrorKind,
  type LoginExpectation,
  type ResultField,
  type Scenario,
} from './scenario.js';

/** What the authenticator did, as the runner saw it. */
export type Outcome =
  | { readonly ok: true; readonly login: LoginFacts }
  | { readonly ok: true; readonly users: readonly string[] }
  | {
      readonly ok: true;
      readonly connection: { readonly protection?: string; readonly provider?: string };
    }
  | { readonly ok: true; readonly rotated: { readonly dn: string; readonly newPasswordBinds: boolean } }
  /** `unclassified`: the adapter threw something without a kind. */
  | { readonly ok: false; readonly kind: ErrorKind | 'unclassified'; readonly message: string };

export type Applicability =
  | { readonly applicable: true; readonly fields: readonly ResultField[] }
  | { readonly applicable: false; readonly reason: string };

const ALL_FIELDS: readonly ResultField[] = ['userDN', 'groups', 'policies', 'alias'];

export function applicability(scenario: Scenario, adapter: ConformanceAdapter): Applicability {
  const capabilities: AdapterCapabilities = adapter.capabilities ?? {};
  if (capabilities.profiles && !capabilities.profiles.includes(scenario.profile)) {
    return { applicable: false, reason: `does not support the ${scenario.profile} profile` };
  }
  if (!adapterActions(adapter).includes(scenario.action.kind)) {
    return { applicable: false, reason: `has no ${scenario.action.kind} action` };
  }
  if (capabilities.configKeys) {
    const missing = Object.entries(scenario.config)
      .filter(([key, value]) => value !== undefined && !capabilities.configKeys!.includes(key))
      .map(([key]) => key);
    if (missing.length > 0) return { applicable: false, reason: `cannot express ${missing.join(', ')}` };
  }
  const requires = scenario.requires ?? [];
  if (requires.includes('configValidation') && capabilities.validatesConfig === false) {
    return { applicable: false, reason: 'does not check its configuration' };
  }
  const fields = capabilities.results ?? ALL_FIELDS;
  const missing = requires.filter(
    (need): need is ResultField => need !== 'configValidation' && !fields.includes(need),
  );
  if (missing.length > 0) return { applicable: false, reason: `does not report ${missing.join(', ')}` };
  return { applicable: true, fields };
}

export interface Judgement {
  readonly verdict: 'pass' | 'fail' | 'not-applicable';
  /** One line per difference between expected and actual, or why not applicable. */
  readonly differences: readonly string[];
}

export function judge(
  scenario: Scenario,
  outcome: Outcome,
  fields: readonly ResultField[],
  capabilities: AdapterCapabilities = {},
): Judgement {
  const expected = scenario.expect;
  const differences: string[] = [];
  // A required outcome field the adapter did not report for this configuration (it could not
  // express that part of it, e.g. the group filter): the scenario says nothing about it.
  const unreported = unreportedRequirement(scenario, outcome);
  if (unreported)
    return {
      verdict: 'not-applicable',
      differences: [`did not report ${unreported} for this configuration`],
    };
  if ('error' in expected) {
    const kinds: readonly ErrorKind[] =
      typeof expected.error === 'string' ? [expected.error] : expected.error;
    if (outcome.ok) {
      differences.push(`expected the action to fail (${kinds.join(' or ')}), but it succeeded`);
    } else if (!acceptedKind(kinds, outcome.kind, capabilities)) {
      differences.push(`expected error ${kinds.join(' or ')}, got ${outcome.kind}: ${outcome.message}`);
    }
    return verdictOf(differences);
  }
  if (!outcome.ok) {
    return { verdict: 'fail', differences: [`expected success, got ${outcome.kind}: ${outcome.message}`] };
  }
  if ('login' in expected && 'login' in outcome) {
    differences.push(...compareLogin(expected.login, outcome.login, fields));
  } else if ('users' in expected && 'users' in outcome) {
    const { usernames, count } = expected.users;
    if (count !== undefined && outcome.users.length !== count) {
      differences.push(`expected ${count} users, got ${outcome.users.length}`);
    }
    if (usernames !== undefined)
      differences.push(...compareSets('usernames', usernames, outcome.users, fold));
  } else if ('connection' in expected && 'connection' in outcome) {
    for (const [key, value] of Object.entries(expected.connection)) {
      const got = (outcome.connection as Record<string, unknown>)[key];
      if (got !== value) differences.push(`${key}: expected ${value}, got ${String(got)}`);
    }
  } else if ('rotated' in expected && 'rotated' in outcome) {
    if (!dnSame(expected.rotated.dn, outcome.rotated.dn)) {
      differences.push(`rotated DN: expected ${expected.rotated.dn}, got ${outcome.rotated.dn}`);
    }
    if (!outcome.rotated.newPasswordBinds) differences.push('the new password does not bind');
  } else {
    differences.push('the adapter answered a different action');
  }
  return verdictOf(differences);
}

function verdictOf(differences: readonly string[]): Judgement {
  return { verdict: differences.length === 0 ? 'pass' : 'fail', differences };
}

function unreportedRequirement(scenario: Scenario, outcome: Outcome): ResultField | undefined {
  if (!outcome.ok || !('login' in outcome)) return undefined;
  return (scenario.requires ?? []).find(
    (need): need is ResultField => need !== 'configValidation' && outcome.login[need] === undefined,
  );
}

function acceptedKind(
  kinds: readonly ErrorKind[],
  actual: ErrorKind | 'unclassified',
  capabilities: AdapterCapabilities,
): boolean {
  if (actual === 'unclassified') return false;
  if (kinds.includes(actual)) return true;
  // An authenticator that cannot tell account states apart still has to refuse the login.
  return (
    capabilities.accountStates === false &&
    actual === 'denied' &&
    kinds.some((kind) => ACCOUNT_STATE_KINDS.includes(kind))
  );
}

function compareLogin(
  expected: LoginExpectation,
  actual: LoginFacts,
  fields: readonly ResultField[],
): string[] {
  const out: string[] = [];
  // A field the adapter does not report at all, or left out for this configuration, is not compared.
  const compared = (field: ResultField) => fields.includes(field) && actual[field] !== undefined;
  if (expected.userDN !== undefined && compared('userDN') && !dnSame(expected.userDN, actual.userDN!)) {
    out.push(`userDN: expected ${expected.userDN}, got ${actual.userDN}`);
  }
  if (expected.groups !== undefined && compared('groups')) {
    out.push(...compareSets('groups', expected.groups, actual.groups!, fold));
  }
  if (expected.policies !== undefined && compared('policies')) {
    out.push(...compareSets('policies', expected.policies, actual.policies!, (s) => s));
  }
  if (expected.alias !== undefined && compared('alias') && expected.alias !== actual.alias) {
    out.push(`alias: expected ${JSON.stringify(expected.alias)}, got ${JSON.stringify(actual.alias)}`);
  }
  return out;
}

function compareSets(
  what: string,
  expected: readonly string[],
  actual: readonly string[],
  key: (value: string) => string,
): string[] {
  const want = new Set(expected.map(key));
  const got = new Set(actual.map(key));
  const missing = expected.filter((value) => !got.has(key(value)));
  const extra = actual.filter((value) => !want.has(key(value)));
  if (missing.length === 0 && extra.length === 0) return [];
  const parts: string[] = [];
  if (missing.length > 0) parts.push(`missing ${list(missing)}`);
  if (extra.length > 0) parts.push(`unexpected ${list(extra)}`);
  return [`${what}: ${parts.join(', ')}`];
}

function list(values: readonly string[]): string {
  const shown = values.slice(0, 8).map((value) => JSON.stringify(value));
  return values.length > 8 ? `${shown.join(', ')} and ${values.length - 8} more` : shown.join(', ');
}

const fold = (value: string) => value.toLowerCase();

function dnSame(a: string, b: string): boolean {
  try {
    return dnEquals(a, b);
  } catch {
    return a === b;
  }
}
