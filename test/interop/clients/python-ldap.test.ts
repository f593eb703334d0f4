// python-ldap (Debian's python3-ldap), the oldest Python LDAP client, as an application uses it:
// binds in every name form, a wrong password, WhoAmI, a user search with its groups, compare, a
// paged search, AD range retrieval, StartTLS and LDAPS — against the real server and the mock,
// which must observe the same.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  ALICE as AD_ALICE,
  BASE as AD_BASE,
  BULK as AD_BULK,
  DNS_DOMAIN,
  USERS,
  userDN,
} from '../../../scripts/gen-ad-fixture.js';
import { ALICE, ALICE_PASSWORD, BASE, BULK } from '../probes/fixture-names.js';
import { openldapServers, type ServerUnderTest, sambaServers } from './server-pairs.js';

const script = fileURLToPath(new URL('./python_ldap_client.py', import.meta.url));

async function observe(
  server: ServerUnderTest,
  scenario: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const args = { url: server.url, ldapsUrl: server.ldapsUrl, caFile: server.caFile, ...scenario };
  const { stdout } = await promisify(execFile)('/usr/bin/python3', [script, JSON.stringify(args)], {
    timeout: 60_000,
  });
  return JSON.parse(stdout) as Record<string, unknown>;
}

describe('python-ldap against slapd and the openldap profile', () => {
  let servers: ServerUnderTest[] = [];
  beforeAll(async () => {
    servers = await openldapServers('python-ldap');
  });
  afterAll(() => Promise.all(servers.map((server) => server.stop())));

  test('the same observations from both', async () => {
    const scenario = {
      base: BASE,
      userDN: ALICE,
      bindNames: [ALICE],
      password: ALICE_PASSWORD,
      userFilter: '(uid=alice)',
      groupAttribute: 'memberOf',
      pagedBase: BULK,
    };
    const [real, mock] = await Promise.all(servers.map((server) => observe(server, scenario)));
    expect(real).toMatchObject({
      'wrong password': 'INVALID_CREDENTIALS',
      whoami: `dn:${ALICE}`,
      'starttls search': 1,
      'ldaps search': 1,
      'compare cn': true,
      // slapd's size.prtotal (hard: 500) ends alice's paged search of 601 entries.
      paged: { entries: 500, pages: 5, error: 'SIZELIMIT_EXCEEDED' },
    });
    expect(mock).toEqual(real);
  });
});

describe('python-ldap against Samba AD and the samba profile', () => {
  let servers: ServerUnderTest[] = [];
  beforeAll(async () => {
    servers = await sambaServers('python-ldap');
  });
  afterAll(() => Promise.all(servers.map((server) => server.stop())));

  test('the same observations from both, range retrieval of a 1,600-member group included', async () => {
    const dn = userDN(AD_ALICE);
    const scenario = {
      base: AD_BASE,
      userDN: dn,
      bindNames: [dn, `${AD_ALICE.sam}@${DNS_DOMAIN}`, `CORP\\${AD_ALICE.sam}`],
      password: AD_ALICE.password,
      userFilter: '(sAMAccountName=alice)',
      groupAttribute: 'memberOf',
      pagedBase: AD_BULK,
      rangeGroup: `CN=Big Group,${USERS}`,
    };
    const [real, mock] = await Promise.all(servers.map((server) => observe(server, scenario)));
    expect(real).toMatchObject({
      'wrong password': 'INVALID_CREDENTIALS',
      // Samba 4.17 does not implement WhoAmI.
      whoami: 'PROTOCOL_ERROR',
      'compare cn': true,
      'starttls search': 1,
      'ldaps search': 1,
      range: { members: 1600 },
    });
    expect(mock).toEqual(real);
  });
});
