/**
 * Search controls the emulated servers implement and the mock used to accept and ignore, each
 * answer measured on the real server with the fixture: slapd 2.5's matched values (RFC 3876) and
 * subentries (RFC 3672); Samba 4.17's server-side sorting (RFC 2891) and extended DN control.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockServer, startMockServer } from '../../src/server/index.js';
import {
  extendedDNControl,
  matchedValuesControl,
  sortControl,
  subentriesControl,
} from '../interop/probe-controls.js';
import { ProbeSession, type SearchParams } from '../interop/probe-session.js';
import { ProbeConnection } from '../interop/wire/probe-connection.js';

let openldap: MockServer;
let samba: MockServer;

beforeAll(async () => {
  [openldap, samba] = await Promise.all([
    startMockServer({ profile: 'openldap' }),
    startMockServer({ profile: 'samba' }),
  ]);
});
afterAll(async () => {
  await Promise.all([openldap.stop(), samba.stop()]);
});

/** The entries of one search in the order sent, as [dn, {type: values}]. */
async function searchAs(
  server: MockServer,
  as: readonly [string, string] | undefined,
  params: SearchParams,
): Promise<[string, Record<string, string[]>][]> {
  const session = new ProbeSession(await ProbeConnection.open(server.url, { ca: '' }), undefined);
  try {
    if (as) await session.bind('bind', as[0], as[1]);
    const outcome = await session.search('search', params);
    if (outcome?.result.resultCode !== 0)
      throw new Error(`search failed: ${JSON.stringify(outcome?.result)}`);
    return outcome.entries.map((e) => [
      e.dn,
      Object.fromEntries(e.attributes.map((a) => [a.type, a.values.map((v) => v.toString('utf8'))])),
    ]);
  } finally {
    await session.close();
  }
}

describe('openldap: matched values and subentries as slapd 2.5 answers them', () => {
  const ALICE = 'uid=alice,ou=people,dc=example,dc=org';
  const alice = (items: string[]) =>
    searchAs(openldap, undefined, {
      base: ALICE,
      scope: 'base',
      attributes: ['cn', 'sn', 'givenName', 'mail', 'uidNumber', 'objectClass', 'memberOf'],
      controls: [matchedValuesControl(items)],
    }).then((entries) => entries[0]?.[1]);

  it('returns only the values an item matches, and no attribute without one', async () => {
    expect(await alice(['(sn=Liddell)'])).toEqual({ sn: ['Liddell'] });
    expect(await alice(['(sn=x)'])).toEqual({});
    expect(await alice(['(sn=Liddell)', '(givenName=Alice)'])).toEqual({
      sn: ['Liddell'],
      givenName: ['Alice'],
    });
    expect(await alice(['(uidNumber>=10000)'])).toEqual({ uidNumber: ['10001'] });
    expect(await alice(['(mail=*example*)'])).toEqual({ mail: ['alice@example.org'] });
  });

  it('matches an item on a supertype, a superclass and an operational attribute', async () => {
    expect(await alice(['(name=Alice)'])).toEqual({ givenName: ['Alice'] });
    expect(await alice(['(objectClass=person)'])).toEqual({ objectClass: ['inetOrgPerson'] });
    expect(await alice(['(memberOf=*)'])).toEqual({
      memberOf: ['cn=developers,ou=groups,dc=example,dc=org'],
    });
  });

  it('returns subentries only when visibility is TRUE (the fixture holds none)', async () => {
    const search = (visibility: boolean) =>
      searchAs(openldap, undefined, {
        base: 'dc=example,dc=org',
        filter: '(uid=alice)',
        attributes: ['1.1'],
        controls: [subentriesControl(visibility)],
      }).then((entries) => entries.map(([dn]) => dn));
    expect(await search(true)).toEqual([]);
    expect(await search(false)).toEqual([ALICE]);
  });
});

describe('samba: server-side sorting and the extended DN control as Samba 4.17 answers them', () => {
  const USERS = 'CN=Users,DC=corp,DC=example,DC=com';
  const alice = [`CN=alice,${USERS}`, 'Alpha-Passw0rd!'] as const;
  const users = (keys: string[]) =>
    searchAs(samba, alice, {
      base: USERS,
      scope: 'one',
      filter: '(objectClass=user)',
      attributes: ['1.1'],
      controls: [sortControl(keys)],
    }).then((entries) => entries.map(([dn]) => /^CN=(.*?),CN=Users/.exec(dn)?.[1]));

  it('sorts case-insensitively by the key, reversed with reverseOrder, integers by value', async () => {
    const byName = [
      'Administrator',
      'alice',
      'bob',
      'disabled',
      'expired',
      'Guest',
      'Smith\\, John',
      'krbtgt',
      'locked',
      'mustchange',
      "o'brien(x)",
      'svc-ldap',
    ];
    expect(await users(['sAMAccountName'])).toEqual(byName);
    expect(await users(['-sAMAccountName'])).toEqual([...byName].reverse());
    expect((await users(['uSNCreated'])).slice(0, 4)).toEqual([
      'Administrator',
      'Guest',
      'krbtgt',
      'svc-ldap',
    ]);
  });

  it('writes the entry DN and DN values as <GUID=…>;<SID=…>;dn, hex by default, string with option 1', async () => {
    const developers = (option?: 0 | 1) =>
      searchAs(samba, alice, {
        base: `CN=Developers,${USERS}`,
        scope: 'base',
        attributes: ['memberOf', 'cn'],
        controls: [extendedDNControl(option)],
      }).then((entries) => entries[0]);
    const sid = 'S-1-5-21-2718281828-3141592653-1414213562';
    expect(await developers(1)).toEqual([
      `<GUID=85ee855e-d9ef-57db-816d-22e8a56e6990>;<SID=${sid}-1120>;CN=Developers,${USERS}`,
      {
        cn: ['Developers'],
        memberOf: [`<GUID=1062ec7c-98f0-518f-a148-f76481df0e3c>;<SID=${sid}-1121>;CN=Engineering,${USERS}`],
      },
    ]);
    const hex = await developers();
    expect(hex?.[0]).toBe(
      '<GUID=5e85ee85efd9db57816d22e8a56e6990>;<SID=01050000000000051500000064b005a24de640bbba2f4b5460040000>;' +
        `CN=Developers,${USERS}`,
    );
    expect((await developers(0))?.[0]).toBe(hex?.[0]);
  });
});
