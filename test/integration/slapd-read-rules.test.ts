/**
 * What the generated differential tests (test/interop/generated/) found the openldap profile
 * answering differently from slapd 2.5, each case measured against a real slapd loaded with
 * fixtures/openldap/default.ldif: Password Modify's order of checks and texts, compare on
 * supertypes, the root DSE and the subschema entry, and attribute lists by object class.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockServer, startMockServer } from '../../src/server/index.js';
import type { Observed } from '../interop/normalise.js';
import type { PasswordModifyParams, ProbeSession, SearchParams } from '../interop/probe-session.js';
import { answer, lastObserved } from './observed-session.js';

const BASE = 'dc=example,dc=org';
const ALICE = `uid=alice,ou=people,${BASE}`;
const BOB = `uid=bob,ou=people,${BASE}`;
const ROOT = `cn=admin,${BASE}`;
let server: MockServer;

beforeAll(async () => {
  server = await startMockServer({ profile: 'openldap', strictSchema: true });
});
afterAll(async () => {
  await server.stop();
});

const run = (as: readonly [string, string] | undefined, act: (session: ProbeSession) => Promise<unknown>) =>
  lastObserved(server, as, act);

describe('Password Modify: slapd 2.5 checks empty values, the DN, the old password, the entry, quality, then access', () => {
  const alice = [ALICE, 'alice-password'] as const;
  const root = [ROOT, 'admin'] as const;
  const cases: [string, readonly [string, string], PasswordModifyParams, string][] = [
    [
      'empty old password',
      alice,
      { oldPassword: '', newPassword: 'new-password-1' },
      '53 old password value is empty',
    ],
    ['empty new password', alice, { newPassword: '' }, '53 new password value is empty'],
    ['identity not a DN', alice, { userIdentity: 'not a dn' }, '21 Invalid DN'],
    [
      'identity outside every naming context',
      alice,
      { userIdentity: 'uid=x,dc=elsewhere,dc=test' },
      '80 unable to retrieve SASL username',
    ],
    [
      'old password for an entry outside',
      alice,
      { userIdentity: 'uid=x,dc=elsewhere,dc=test', oldPassword: 'x' },
      '53 unwilling to verify old password',
    ],
    [
      'old password for a missing entry',
      root,
      { userIdentity: `uid=nobody,ou=people,${BASE}`, oldPassword: 'x' },
      '53 unwilling to verify old password',
    ],
    ['missing entry', root, { userIdentity: `uid=nobody,ou=people,${BASE}` }, '32'],
    ['the rootdn itself (no entry)', root, {}, '32'],
    [
      'someone else’s, too short: quality before access',
      alice,
      { userIdentity: BOB, newPassword: 'abc' },
      '19 Password fails quality checking policy',
    ],
    ['someone else’s', alice, { userIdentity: BOB, newPassword: 'new-password-1' }, '50'],
    [
      'someone else’s with a wrong old password',
      alice,
      { userIdentity: BOB, oldPassword: 'alice-password' },
      '53 unwilling to verify old password',
    ],
    ['own, empty identity means self', alice, { userIdentity: '', newPassword: 'new-password-1' }, '0'],
  ];
  for (const [name, as, params, expected] of cases) {
    it(name, async () => {
      expect(answer(await run(as, (s) => s.passwordModify('pm', params)))).toBe(expected);
    });
  }
});

describe('compare as slapd 2.5: the assertion before the entry, supertypes, the root DSE and cn=Subschema', () => {
  const compare = (dn: string, attribute: string, value: string) =>
    run(undefined, (s) => s.compare('c', dn, attribute, value)).then(answer);

  it('checks the attribute and the value before looking the entry up', async () => {
    expect(await compare(`uid=nobody,ou=people,${BASE}`, 'fooBarBaz', 'x')).toBe('17');
    expect(await compare(`uid=nobody,ou=people,${BASE}`, 'member', 'x')).toBe(
      '21 value does not conform to assertion syntax',
    );
    expect(await compare(`ou=people,${BASE}`, 'structuralObjectClass', 'noSuch')).toBe(
      '21 value does not conform to assertion syntax',
    );
    expect(await compare(ALICE, 'entryDN', ALICE)).toBe('53 entryDN compare not supported');
  });

  it('takes an empty Directory String for an invalid assertion, and objectClass by class hierarchy', async () => {
    expect(await compare(`cn=engineering,ou=groups,${BASE}`, 'cn;lang-en', '')).toBe(
      '21 value does not conform to assertion syntax',
    );
    expect(await compare(`uid=locked,ou=people,${BASE}`, 'objectClass', 'top')).toBe('6');
    expect(await compare(`uid=locked,ou=people,${BASE}`, 'objectClass', 'person')).toBe('6');
  });

  it('compares a supertype through its subtypes', async () => {
    expect(await compare(ALICE, 'name', 'Liddell')).toBe('6');
    expect(await compare(ALICE, 'name', 'x')).toBe('5');
  });

  it('compares the root DSE and the subschema entry', async () => {
    expect(await compare('', 'namingContexts', BASE)).toBe('6');
    expect(await compare('', 'fooBarBaz', 'x')).toBe('17');
    expect(await compare('cn=Subschema', 'cn', 'Subschema')).toBe('6');
    expect(await compare('cn=Subschema', 'cn', 'x')).toBe('5');
  });
});

describe('search as slapd 2.5', () => {
  const search = (params: SearchParams) => run(undefined, (s) => s.search('s', params));

  it('returns the attributes of @inetOrgPerson and the subtypes of name', async () => {
    const observed = (await search({ base: ALICE, scope: 'base', attributes: ['@inetOrgPerson'] })) as {
      entries: Record<string, Record<string, string[]>>;
    };
    expect(Object.keys(observed.entries[ALICE]!)).toEqual([
      'cn',
      'givenName',
      'mail',
      'objectClass',
      'sn',
      'uid',
    ]);
    const named = (await search({ base: ALICE, scope: 'base', attributes: ['name'] })) as typeof observed;
    expect(Object.keys(named.entries[ALICE]!)).toEqual(['cn', 'givenName', 'sn']);
  });

  it('answers one-level and subtree searches of cn=Subschema with noSuchObject', async () => {
    expect(
      answer(((await search({ base: 'cn=Subschema', scope: 'one' })) as { result: Observed }).result),
    ).toBe('32');
    expect(
      answer(((await search({ base: 'cn=Subschema', scope: 'sub' })) as { result: Observed }).result),
    ).toBe('32');
  });

  it('answers a paged search of the root DSE or cn=Subschema without paging', async () => {
    for (const base of ['', 'cn=Subschema']) {
      const observed = (await run(undefined, (s) => s.searchPaged('p', { base, scope: 'base' }, 2))) as {
        pages: { result: Record<string, Observed> }[];
      };
      expect(observed.pages.map((p) => p.result['controls'])).toEqual([undefined]);
    }
  });

  it('ignores paging when the page reaches the client’s size limit or passes the server’s', async () => {
    type Paged = { pages: { count: number; result: Record<string, Observed> }[] };
    const paged = (sizeLimit: number, pageSize: number) =>
      run(undefined, (s) =>
        s.searchPaged(
          'p',
          { base: `ou=bulk,${BASE}`, scope: 'one', attributes: ['1.1'], sizeLimit },
          pageSize,
        ),
      ) as Promise<Paged>;
    const first = (observed: Paged) => {
      const page = observed.pages[0]!;
      return [
        page.count,
        page.result['code'],
        page.result['controls'] === undefined ? 'no control' : 'control',
      ];
    };
    expect(first(await paged(10, 10))).toEqual([10, 4, 'no control']);
    expect(first(await paged(10, 9))).toEqual([9, 0, 'control']);
    expect(first(await paged(0, 1000))).toEqual([500, 4, 'no control']);
    expect(first(await paged(0, 500))).toEqual([500, 0, 'control']);
  });

  it('honours typesOnly on cn=Subschema', async () => {
    const observed = (await search({
      base: 'cn=Subschema',
      scope: 'base',
      attributes: ['cn'],
      typesOnly: true,
    })) as {
      entries: Record<string, Record<string, string[]>>;
    };
    expect(observed.entries['cn=Subschema']).toEqual({ cn: [] });
  });
});

describe('WhoAmI after a rootdn bind (slapd 2.5, measured)', () => {
  // The rootdn is no entry: slapd answers with the name as bound, types in schema case, values
  // as written. Users get their entry's DN. Regression: the mock answered the configured rootdn.
  const whoami = (dn: string, password: string) =>
    run([dn, password], (s) => s.whoami('w')).then((o) => (o as { responseValue: string }).responseValue);

  it('keeps the spelling of the rootdn as bound', async () => {
    expect(await whoami('CN=Admin,DC=Example,DC=Org', 'admin')).toBe('dn:cn=Admin,dc=Example,dc=Org');
    expect(await whoami('cn=admin, dc=example, dc=org', 'admin')).toBe('dn:cn=admin,dc=example,dc=org');
    expect(await whoami('UID=Alice, OU=People,DC=Example, DC=ORG', 'alice-password')).toBe(`dn:${ALICE}`);
  });
});
