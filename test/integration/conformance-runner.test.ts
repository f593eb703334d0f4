/**
 * The conformance runner against the mock: our authenticator passes the whole catalogue, and no
 * scenario can leak state (data, fixtures, faults, operations) into another.
 */
import { Attribute, Change, Client } from 'ldapts';
import { describe, expect, it } from 'vitest';
import { type ConformanceAdapter, ConformanceError } from '../../src/conformance/adapter.js';
import { builtinAdapter } from '../../src/conformance/adapters/builtin.js';
import { CATALOGUE } from '../../src/conformance/catalogue/index.js';
import { htmlReport, jsonReport, junitReport, prettyReport } from '../../src/conformance/reporters/index.js';
import { runConformance } from '../../src/conformance/runner.js';
import type { Scenario } from '../../src/conformance/scenario.js';

const OL = {
  config: {
    url: '$URL',
    binddn: 'cn=admin,dc=example,dc=org',
    bindpass: 'admin',
    userdn: 'ou=people,dc=example,dc=org',
    userattr: 'uid',
    groupdn: 'ou=groups,dc=example,dc=org',
  },
  alice: 'uid=alice,ou=people,dc=example,dc=org',
};

const scenario = (id: string, body: Partial<Scenario>): Scenario => ({
  id: `case/${id}`,
  topic: 'case',
  profile: 'openldap',
  why: `a scenario of the runner test (${id})`,
  config: OL.config,
  action: { kind: 'login', username: 'alice', password: 'alice-password' },
  expect: { login: { userDN: OL.alice, groups: ['developers'] } },
  ...body,
});

/** Every password the catalogue uses (but `admin`, which is also the rootdn's CN). */
function cataloguePasswords(): string[] {
  const secrets = CATALOGUE.flatMap((scenario) => [
    scenario.config['bindpass'],
    'password' in scenario.action ? scenario.action.password : undefined,
    scenario.action.kind === 'rotatePassword' ? scenario.action.newPassword : undefined,
  ]);
  return [...new Set(secrets)].filter(
    (secret): secret is string => typeof secret === 'string' && secret.length > 5,
  );
}

describe('our authenticator against the whole catalogue', () => {
  it('passes every scenario on every profile, none of them not applicable', {
    timeout: 120_000,
  }, async () => {
    const report = await runConformance({ adapter: builtinAdapter });
    // No report format repeats a password the scenarios used.
    const outputs = [
      jsonReport([report]),
      junitReport([report]),
      htmlReport([report]),
      prettyReport([report]),
    ];
    const passwords = cataloguePasswords();
    expect(passwords.length).toBeGreaterThan(20);
    for (const password of passwords) {
      for (const output of outputs) expect(output.includes(password), password).toBe(false);
    }
    const failed = report.results.filter((result) => result.verdict !== 'pass');
    expect(failed.map((result) => `${result.id}: ${result.differences.join('; ')}`)).toEqual([]);
    expect(report.counts).toEqual({
      total: CATALOGUE.length,
      pass: CATALOGUE.length,
      fail: 0,
      notApplicable: 0,
    });
    for (const profile of ['openldap', 'ad', 'samba']) {
      expect(report.results.filter((result) => result.profile === profile).length).toBeGreaterThan(30);
    }
    // The whole catalogue within the kit's budget on a 2-core machine.
    expect(report.durationMs).toBeLessThan(60_000);
  });
});

describe('isolation between scenarios', () => {
  it('undoes what a scenario wrote, its fixture and its faults before the next one', async () => {
    // The first scenario's "authenticator" deletes alice's password and adds carol via LDAP.
    const vandal: ConformanceAdapter = {
      ...builtinAdapter,
      name: 'vandal',
      async login(config, username, password, context) {
        if (username === 'vandal') {
          const client = new Client({ url: String(config['url']) });
          await client.bind('cn=admin,dc=example,dc=org', 'admin');
          await client.modify(OL.alice, [
            new Change({ operation: 'delete', modification: new Attribute({ type: 'userPassword' }) }),
          ]);
          await client.unbind();
          throw new ConformanceError('denied', 'done');
        }
        return builtinAdapter.login(config, username, password, context);
      },
    };
    const report = await runConformance({
      adapter: vandal,
      scenarios: [
        scenario('writes', {
          fixture:
            'dn: uid=carol,ou=people,dc=example,dc=org\nobjectClass: inetOrgPerson\nuid: carol\ncn: C\nsn: C\nuserPassword: carol-password\n',
          faults: { latencyMs: 1 },
          action: { kind: 'login', username: 'vandal', password: 'x' },
          expect: { error: 'denied' },
        }),
        scenario('busy', {
          faults: { answer: 'busy' },
          expect: { error: ['denied', 'unavailable', 'failed'] },
        }),
        scenario('alice-intact', {}),
        scenario('carol-gone', {
          action: { kind: 'login', username: 'carol', password: 'carol-password' },
          expect: { error: 'denied' },
        }),
      ],
    });
    expect(report.results.map((result) => [result.id, result.verdict, result.differences])).toEqual([
      ['case/writes', 'pass', []],
      ['case/busy', 'pass', []],
      ['case/alice-intact', 'pass', []],
      ['case/carol-gone', 'pass', []],
    ]);
  });

  it('records each scenario’s own operations, and only them', async () => {
    const report = await runConformance({
      adapter: builtinAdapter,
      scenarios: [
        scenario('first', {}),
        scenario('second', {
          config: { ...OL.config, userfilter: '(&(objectClass=person)(uid={{.Username}}))' },
        }),
      ],
    });
    const [first, second] = report.results;
    expect(first!.operations.map((o) => o.operation)).toEqual([
      'bind',
      'search',
      'bind',
      'bind',
      'search',
      'bind',
      'search',
    ]);
    expect(first!.operations.some((o) => o.filter?.includes('objectClass=person'))).toBe(false);
    expect(second!.operations.some((o) => o.filter === '(&(objectClass=person)(uid=alice))')).toBe(true);
  });
});

describe('what an adapter can answer', () => {
  const run = (adapter: Partial<ConformanceAdapter>, body: Partial<Scenario> = {}, timeoutMs?: number) =>
    runConformance({
      adapter: { name: 'probe', login: async () => ({}), ...adapter },
      scenarios: [scenario('one', body)],
      ...(timeoutMs && { scenarioTimeoutMs: timeoutMs }),
    }).then((report) => report.results[0]!);

  it('not-applicable from the adapter is a verdict with its reason', async () => {
    const result = await run({
      login: async () => {
        throw new ConformanceError('not-applicable', 'cannot express upndomain');
      },
    });
    expect([result.verdict, result.differences]).toEqual(['not-applicable', ['cannot express upndomain']]);
  });

  it('an error without a kind fails as unclassified; a hang fails after the scenario timeout', async () => {
    const thrown = await run({
      login: async () => {
        throw new Error('boom');
      },
    });
    expect(thrown.differences).toEqual(['expected success, got unclassified: boom']);
    const started = Date.now();
    const hung = await run({ login: () => new Promise(() => undefined) }, {}, 300);
    expect(hung.verdict).toBe('fail');
    expect(hung.differences[0]).toContain('no answer within 0.3 s (hung)');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('never repeats the scenario’s passwords in a report', async () => {
    const result = await run({
      login: async (_config, _username, password) => {
        throw new ConformanceError('denied', `refused alice with ${password} (service admin)`);
      },
    });
    expect(result.differences[0]).toContain('refused alice with [REDACTED]');
    expect(JSON.stringify(result)).not.toContain('alice-password');
  });
});

describe('checks on what the server saw (the journal)', () => {
  const byId = (id: string) => CATALOGUE.find((s) => s.id === id)!;

  /** Logs in the naive way: the service bind and the user bind over plain LDAP, the name pasted into the filter. */
  const careless: ConformanceAdapter = {
    name: 'careless',
    async login(config, username, password) {
      const client = new Client({ url: String(config['url']) });
      try {
        await client.bind(String(config['binddn']), String(config['bindpass']));
        const { searchEntries } = await client.search(String(config['userdn']), {
          filter: `(${String(config['userattr'])}=${username})`,
        });
        if (searchEntries.length !== 1) throw new ConformanceError('denied', 'no single user');
        const userDN = searchEntries[0]!.dn;
        await client.bind(userDN, password);
        return { userDN };
      } finally {
        await client.unbind().catch(() => undefined);
      }
    },
  };

  it('a password sent before StartTLS fails the scenario, whatever the login returned', async () => {
    const report = await runConformance({ adapter: careless, scenarios: [byId('tls/starttls@openldap')] });
    const result = report.results[0]!;
    expect(result.verdict).toBe('fail');
    // The service password is `admin`, which the report redacts wherever it appears.
    expect(result.differences).toContainEqual(
      `journal: a password (<redacted, 5 bytes>) was sent without TLS: bind as "cn=[REDACTED],dc=example,dc=org" on connection #${result.operations[0]!.connection}`,
    );
    expect(JSON.stringify(result)).not.toContain('alice-password');
  });

  it('a username that reaches the filter as wildcards fails the scenario; the escaped name passes', async () => {
    const star = byId('escaping/user-with-star');
    const report = await runConformance({ adapter: careless, scenarios: [star] });
    expect(report.results[0]!.differences).toContainEqual(
      expect.stringMatching(
        /^journal: the username "star\*" reached a filter unescaped, as wildcards: \(uid=star\*\) on connection #\d+$/,
      ),
    );
    const ours = await runConformance({ adapter: builtinAdapter, scenarios: [star] });
    expect([ours.results[0]!.verdict, ours.results[0]!.differences]).toEqual(['pass', []]);
  });
});
