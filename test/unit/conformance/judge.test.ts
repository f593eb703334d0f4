/** Verdicts: what counts as a pass, a failure, and not applicable. */
import { describe, expect, it } from 'vitest';
import type { ConformanceAdapter } from '../../../src/conformance/adapter.js';
import { applicability, judge } from '../../../src/conformance/judge.js';
import type { Scenario } from '../../../src/conformance/scenario.js';

const base: Scenario = {
  id: 'case/example',
  topic: 'case',
  profile: 'ad',
  why: 'an example scenario for the judge',
  config: { url: '$URL', binddn: 'x', upndomain: 'corp.example.com' },
  action: { kind: 'login', username: 'alice', password: 'pw' },
  expect: {
    login: { userDN: 'CN=alice,CN=Users,DC=corp,DC=example,DC=com', groups: ['Developers', 'Engineering'] },
  },
};
const ALL = ['userDN', 'groups', 'policies', 'alias'] as const;
const adapter = (capabilities: ConformanceAdapter['capabilities']): ConformanceAdapter => ({
  name: 'test',
  ...(capabilities && { capabilities }),
  login: async () => ({}),
});

describe('judge', () => {
  it('compares DNs as DNs and groups as case-insensitive sets', () => {
    const outcome = {
      ok: true,
      login: {
        userDN: 'cn=ALICE, cn=users,dc=corp,dc=example,dc=com',
        groups: ['engineering', 'DEVELOPERS'],
      },
    } as const;
    expect(judge(base, outcome, ALL)).toEqual({ verdict: 'pass', differences: [] });
    const wrong = {
      ok: true,
      login: { userDN: 'CN=bob,CN=Users,DC=corp,DC=example,DC=com', groups: ['Developers', 'Admins'] },
    } as const;
    expect(judge(base, wrong, ALL).differences).toEqual([
      'userDN: expected CN=alice,CN=Users,DC=corp,DC=example,DC=com, got CN=bob,CN=Users,DC=corp,DC=example,DC=com',
      'groups: missing "Engineering", unexpected "Admins"',
    ]);
  });

  it('fails a login that should have been refused, saying so', () => {
    const refused: Scenario = { ...base, expect: { error: 'account-locked' } };
    expect(judge(refused, { ok: true, login: {} }, ALL)).toEqual({
      verdict: 'fail',
      differences: ['expected the action to fail (account-locked), but it succeeded'],
    });
  });

  it('accepts denied for an account state only from an adapter that cannot tell states apart', () => {
    const refused: Scenario = { ...base, expect: { error: 'account-locked' } };
    const denied = { ok: false, kind: 'denied', message: 'x' } as const;
    expect(judge(refused, denied, ALL).verdict).toBe('fail');
    expect(judge(refused, denied, ALL, { accountStates: false }).verdict).toBe('pass');
    expect(
      judge(refused, { ok: false, kind: 'unavailable', message: 'x' }, ALL, { accountStates: false }).verdict,
    ).toBe('fail');
  });

  it('never accepts an unclassified error, and accepts any of several kinds', () => {
    const refused: Scenario = { ...base, expect: { error: ['denied', 'unavailable'] } };
    expect(judge(refused, { ok: false, kind: 'unavailable', message: 'x' }, ALL).verdict).toBe('pass');
    expect(judge(refused, { ok: false, kind: 'unclassified', message: 'boom' }, ALL).differences).toEqual([
      'expected error denied or unavailable, got unclassified: boom',
    ]);
  });

  it('does not compare fields an adapter does not report, unless the scenario requires them', () => {
    expect(
      judge(base, { ok: true, login: { userDN: 'CN=alice,CN=Users,DC=corp,DC=example,DC=com' } }, ALL)
        .verdict,
    ).toBe('pass');
    const needsGroups: Scenario = { ...base, requires: ['groups'] };
    expect(judge(needsGroups, { ok: true, login: { userDN: 'x' } }, ALL)).toEqual({
      verdict: 'not-applicable',
      differences: ['did not report groups for this configuration'],
    });
    expect(judge(base, { ok: true, login: { userDN: 'x', groups: [] } }, ['groups']).differences).toEqual([
      'groups: missing "Developers", "Engineering"',
    ]);
  });
});

describe('applicability', () => {
  it('names what the adapter cannot do: profile, action, configuration key, reported field, config checks', () => {
    expect(applicability(base, adapter({ profiles: ['openldap'] }))).toEqual({
      applicable: false,
      reason: 'does not support the ad profile',
    });
    expect(applicability({ ...base, action: { kind: 'testConnection' } }, adapter(undefined))).toEqual({
      applicable: false,
      reason: 'has no testConnection action',
    });
    expect(applicability(base, adapter({ configKeys: ['url', 'binddn'] }))).toEqual({
      applicable: false,
      reason: 'cannot express upndomain',
    });
    expect(applicability({ ...base, requires: ['alias'] }, adapter({ results: ['userDN'] }))).toEqual({
      applicable: false,
      reason: 'does not report alias',
    });
    expect(
      applicability({ ...base, requires: ['configValidation'] }, adapter({ validatesConfig: false })),
    ).toEqual({
      applicable: false,
      reason: 'does not check its configuration',
    });
    expect(applicability(base, adapter(undefined))).toEqual({ applicable: true, fields: ALL });
  });
});
