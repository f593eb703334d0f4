// python3-ldap3 (Debian's python3-ldap3) with its defaults, as a script uses it: one Server, three
// Connections on it — each bind re-reads the subschema, and ldap3 checks every name of a request
// against the schema it read — user and group searches, a class no entry has, a paged search and
// the abstraction layer (ObjectDef, Reader). Run against the real server and the mock, which must
// observe the same, schema included (counts and names of what ldap3 learnt from it).
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  ALICE as AD_ALICE,
  BASE as AD_BASE,
  BULK as AD_BULK,
  USERS,
  userDN,
} from '../../../scripts/gen-ad-fixture.js';
import { ALICE, ALICE_PASSWORD, BASE, BULK, GROUPS, PEOPLE } from '../probes/fixture-names.js';
import { openldapServers, type ServerUnderTest, sambaServers } from './server-pairs.js';

const script = fileURLToPath(new URL('./python_ldap3_client.py', import.meta.url));

async function observe(
  server: ServerUnderTest,
  scenario: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const { stdout } = await promisify(execFile)(
    '/usr/bin/python3',
    [script, JSON.stringify({ url: server.url, ...scenario })],
    { timeout: 120_000, maxBuffer: 16 * 1024 * 1024 },
  );
  return JSON.parse(stdout) as Record<string, unknown>;
}

/** The same searches on every connection of the shared Server: the second and third must not fail. */
function expectEveryConnection(observed: Record<string, unknown>, expected: Record<string, unknown>): void {
  for (const n of [0, 1, 2]) expect(observed[`connection ${n}`], `connection ${n}`).toMatchObject(expected);
}

describe('python3-ldap3 against slapd and the openldap profile', () => {
  let servers: ServerUnderTest[] = [];
  beforeAll(async () => {
    servers = await openldapServers('python-ldap3');
  });
  afterAll(() => Promise.all(servers.map((server) => server.stop())));

  test('the same observations from both, schema included', async () => {
    const scenario = {
      base: BASE,
      userDN: ALICE,
      password: ALICE_PASSWORD,
      users: {
        base: PEOPLE,
        filter: '(objectClass=inetOrgPerson)',
        attributes: ['uid', 'cn', 'mail', 'uidNumber', 'memberOf'],
      },
      groups: {
        base: GROUPS,
        filter: '(|(objectClass=groupOfNames)(objectClass=groupOfUniqueNames)(objectClass=posixGroup))',
      },
      pagedBase: BULK,
      userClass: 'inetOrgPerson',
      // A cn=config class: slapd publishes its schema, so ldap3 lets a filter name it.
      absentClass: 'olcDatabaseConfig',
    };
    const [real, mock] = await Promise.all(servers.map((server) => observe(server, scenario)));
    if (real === undefined || mock === undefined) throw new Error('servers not started');
    expectEveryConnection(real, { bind: true, 'absent class': [] });
    expect(real).toMatchObject({
      'connection 0': { paged: 500, 'object definition': { entries: 4 } },
      schema: {
        attributeTypes: 339,
        objectClasses: 80,
        ldapSyntaxes: 33,
        matchingRules: 38,
        matchingRuleUse: 31,
      },
    });
    expect(mock).toEqual(real);
  });
});

describe('python3-ldap3 against Samba AD and the samba profile', () => {
  let servers: ServerUnderTest[] = [];
  beforeAll(async () => {
    servers = await sambaServers('python-ldap3');
  });
  afterAll(() => Promise.all(servers.map((server) => server.stop())));

  test('the same observations from both, schema included', async () => {
    const scenario = {
      base: AD_BASE,
      userDN: userDN(AD_ALICE),
      password: AD_ALICE.password,
      users: {
        base: USERS,
        filter: '(&(objectCategory=person)(objectClass=user))',
        attributes: ['sAMAccountName', 'objectSid', 'memberOf', 'whenCreated', 'userAccountControl'],
      },
      groups: { base: USERS, filter: '(objectClass=group)' },
      pagedBase: AD_BULK,
      userClass: 'user',
      // Defined by the 2012 R2 schema Samba provisions; no entry of the fixture has it.
      absentClass: 'msDS-GroupManagedServiceAccount',
    };
    const [real, mock] = await Promise.all(servers.map((server) => observe(server, scenario)));
    if (real === undefined || mock === undefined) throw new Error('servers not started');
    expectEveryConnection(real, { bind: true, 'absent class': [] });
    expect(real).toMatchObject({
      'connection 0': { paged: 1601, 'object definition': { entries: 12 } },
      schema: { attributeTypes: 1473, objectClasses: 264, dITContentRules: 9 },
    });
    expect(mock).toEqual(real);
  });
});
