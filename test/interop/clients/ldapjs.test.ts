// The ldapjs client (v3), as an application uses it, against the real server and the mock: both
// must observe the same.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  ALICE as AD_ALICE,
  BASE as AD_BASE,
  BULK as AD_BULK,
  DNS_DOMAIN,
  userDN,
} from '../../../scripts/gen-ad-fixture.js';
import { ALICE, ALICE_PASSWORD, BASE, BULK } from '../probes/fixture-names.js';
import { observeWithLdapjs } from './ldapjs-client.js';
import { openldapServers, type ServerUnderTest, sambaServers } from './server-pairs.js';

describe('ldapjs against slapd and the openldap profile', () => {
  let servers: ServerUnderTest[] = [];
  beforeAll(async () => {
    servers = await openldapServers('ldapjs');
  });
  afterAll(() => Promise.all(servers.map((server) => server.stop())));

  test('the same observations from both', async () => {
    const [real, mock] = await Promise.all(
      servers.map((server) =>
        observeWithLdapjs({
          ...server,
          userDN: ALICE,
          bindNames: [ALICE],
          password: ALICE_PASSWORD,
          base: BASE,
          userFilter: '(uid=alice)',
          groupAttribute: 'memberOf',
          pagedBase: BULK,
        }),
      ),
    );
    expect(real).toMatchObject({
      'wrong password': 'InvalidCredentialsError',
      'compare cn': true,
      starttls: 1,
      ldaps: 1,
    });
    expect(mock).toEqual(real);
  });
});

describe('ldapjs against Samba AD and the samba profile', () => {
  let servers: ServerUnderTest[] = [];
  beforeAll(async () => {
    servers = await sambaServers('ldapjs');
  });
  afterAll(() => Promise.all(servers.map((server) => server.stop())));

  test('the same observations from both', async () => {
    const dn = userDN(AD_ALICE);
    const [real, mock] = await Promise.all(
      servers.map((server) =>
        observeWithLdapjs({
          ...server,
          userDN: dn,
          bindNames: [dn, `${AD_ALICE.sam}@${DNS_DOMAIN}`, `CORP\\${AD_ALICE.sam}`],
          password: AD_ALICE.password,
          base: AD_BASE,
          userFilter: '(sAMAccountName=alice)',
          groupAttribute: 'memberOf',
          pagedBase: AD_BULK,
        }),
      ),
    );
    expect(real).toMatchObject({
      'wrong password': 'InvalidCredentialsError',
      'compare cn': true,
      starttls: 1,
      ldaps: 1,
    });
    expect(mock).toEqual(real);
  });
});
