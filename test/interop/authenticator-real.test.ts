/**
 * The authenticator (src/client/authenticator.ts) against the real servers of the differential
 * suites: a real slapd 2.5 loaded with fixtures/openldap/default.ldif and a real Samba 4.17 AD DC
 * loaded with fixtures/ad/default.ldif (test/interop/slapd.ts, test/interop/samba.ts). The same
 * core logins as the mock suite (test/integration/authenticator.test.ts): service-bind search
 * mode, DN, UPN and discoverdn modes, groups by filter, memberOf, the in-chain rule and
 * tokenGroups, StartTLS and LDAPS, wrong passwords, AD account states, null binds and hostile
 * names. A server that cannot start fails the suite.
 *
 * Samba locks an account after 5 bad passwords: only bob ever gets a wrong or empty password here.
 */
import { inspect } from 'node:util';
import { Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../bench/free-port.js';
import {
  BASE as AD_BASE,
  USERS as AD_USERS,
  ADMINISTRATOR,
  ALICE,
  BOB,
  DISABLED,
  DNS_DOMAIN,
  EXPIRED,
  LOCKED,
  MUSTCHANGE,
  OBRIEN,
  SVC_LDAP,
  userDN,
} from '../../scripts/gen-ad-fixture.js';
import {
  LdapAuthenticator,
  type LdapAuthenticatorOptions,
  type LoginResult,
} from '../../src/client/authenticator.js';
import type { LdapAuthConfig } from '../../src/client/config/index.js';
import {
  AccountStateError,
  EmptyPasswordError,
  GroupSearchError,
  LoginDeniedError,
} from '../../src/client/errors/index.js';
import { type SambaInstance, startSambaForSuite } from './samba.js';
import { type SlapdInstance, startSlapdForSuite } from './slapd.js';

const DENIED = 'ldap operation failed: failed to bind as user';
// Names with NUL are refused before any packet (see the Samba regression below).
const HOSTILE = ['*', ')(uid=*', '\\', '{{.UserDN}}', 'alice)(|(uid=*', 'al ice', 'alïce'];

function login(
  config: LdapAuthConfig,
  username: string,
  password: string,
  options: LdapAuthenticatorOptions = {},
): Promise<LoginResult> {
  return new LdapAuthenticator(config, options).login(username, password);
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the login to fail, but it succeeded');
}

const sorted = (names: readonly string[]) => [...names].sort();

describe('real slapd', () => {
  const PEOPLE = 'ou=people,dc=example,dc=org';
  const GROUPS = 'ou=groups,dc=example,dc=org';
  const ALICE_DN = `uid=alice,${PEOPLE}`;
  let slapd: SlapdInstance;

  beforeAll(async () => {
    slapd = await startSlapdForSuite('authenticator');
  });
  afterAll(async () => {
    await slapd?.stop();
  });

  const searchConfig = (extra: LdapAuthConfig = {}): LdapAuthConfig => ({
    url: slapd.url,
    binddn: slapd.rootDN,
    bindpass: slapd.rootPassword,
    userdn: PEOPLE,
    userattr: 'uid',
    groupdn: GROUPS,
    ...extra,
  });

  it('search mode: alice in developers, with the policies of the mapping', async () => {
    const result = await login(searchConfig(), 'Alice', 'alice-password', {
      policies: { groups: { developers: { policies: 'dev' } } },
    });
    expect(result).toMatchObject({ userDN: ALICE_DN, username: 'alice', alias: 'alice' });
    expect(result.ldapGroups).toEqual(['developers']);
    expect(result.policies).toEqual(['default', 'dev']);
  });

  it('search mode: bob through memberUid (ops) and uniqueMember (auditors)', async () => {
    const result = await login(searchConfig(), 'bob', 'bob-password');
    expect(sorted(result.ldapGroups)).toEqual(['auditors', 'ops']);
  });

  it('search mode: the user whose DN needs escaping, with the DN as slapd writes it', async () => {
    const result = await login(searchConfig(), 'escaped', 'escaped-password');
    expect(result.userDN).toBe(`cn=\\23Smith\\2C \\22J\\2BR\\22 Müller\\20,${PEOPLE}`);
    expect(result.ldapGroups).toEqual(['developers']);
  });

  it('DN mode: binds as uid=alice,… and searches the groups as alice', async () => {
    const result = await login(
      { url: slapd.url, userdn: PEOPLE, userattr: 'uid', groupdn: GROUPS },
      'alice',
      'alice-password',
    );
    expect(result.userDN).toBe(ALICE_DN);
    expect(result.alias).toBe(ALICE_DN);
    expect(result.ldapGroups).toEqual(['developers']);
  });

  it('discoverdn: anonymous discovery', async () => {
    const config: LdapAuthConfig = {
      url: slapd.url,
      discoverdn: true,
      userdn: PEOPLE,
      userattr: 'uid',
      groupdn: GROUPS,
    };
    const result = await login(config, 'bob', 'bob-password');
    expect(result.userDN).toBe(`uid=bob,${PEOPLE}`);
    expect(sorted(result.ldapGroups)).toEqual(['auditors', 'ops']);
  });

  it('StartTLS and LDAPS, verified with the CA as `certificate`', async () => {
    const starttls = await login(
      searchConfig({ starttls: true, certificate: slapd.caCertificate }),
      'alice',
      'alice-password',
    );
    expect(starttls.userDN).toBe(ALICE_DN);
    const ldaps = await login(
      searchConfig({ url: slapd.ldapsUrl, certificate: slapd.caCertificate }),
      'alice',
      'alice-password',
    );
    expect(ldaps.userDN).toBe(ALICE_DN);
  });

  it('a closed port first: fails over to slapd', async () => {
    const result = await login(
      searchConfig({ url: [`ldap://127.0.0.1:${await freePort()}`, slapd.url], connection_timeout: 5 }),
      'alice',
      'alice-password',
    );
    expect(result.userDN).toBe(ALICE_DN);
  });

  it('max_page_size 1: bob’s two groups over two pages', async () => {
    const result = await login(searchConfig({ max_page_size: 1 }), 'bob', 'bob-password');
    expect(sorted(result.ldapGroups)).toEqual(['auditors', 'ops']);
  });

  it('a wrong password and an unknown user: the same message, result 49 for the bind', async () => {
    const wrong = await rejection(login(searchConfig(), 'alice', 'not-the-password'));
    const unknown = await rejection(login(searchConfig(), 'nobody', 'not-the-password'));
    expect(wrong.message).toBe(DENIED);
    expect(unknown.message).toBe(DENIED);
    expect(wrong).toMatchObject({ step: 'userBind', resultCode: 49 });
    expect(unknown).toMatchObject({ step: 'userSearch' });
    expect(inspect(wrong, { showHidden: true }) + JSON.stringify(wrong)).not.toContain('not-the-password');
  });

  it('the ppolicy-locked user: 49 with no account state (slapd names none without the ppolicy control)', async () => {
    const error = await rejection(login(searchConfig(), 'locked', 'locked-password'));
    expect(error).toBeInstanceOf(LoginDeniedError);
    expect(error).not.toBeInstanceOf(AccountStateError);
    expect((error as LoginDeniedError).resultCode).toBe(49);
  });

  it('an empty password: EmptyPasswordError by default; 53 from slapd with deny_null_bind false', async () => {
    expect(await rejection(login(searchConfig(), 'alice', ''))).toBeInstanceOf(EmptyPasswordError);
    const error = await rejection(login(searchConfig({ deny_null_bind: false }), 'alice', ''));
    expect(error).toMatchObject({ message: DENIED, step: 'userBind', resultCode: 53 });
  });

  it.each(HOSTILE)('hostile name %j: nobody found in search mode, bind refused in DN mode', async (name) => {
    const search = await rejection(login(searchConfig(), name, 'alice-password'));
    expect(search).toMatchObject({ message: DENIED, step: 'userSearch' });
    const dn = await rejection(
      login({ url: slapd.url, userdn: PEOPLE, userattr: 'uid' }, name, 'alice-password'),
    );
    expect(dn).toBeInstanceOf(LoginDeniedError);
    expect((dn as LoginDeniedError).step).toBe('userBind');
  });

  it('slapd folds a fullwidth name to alice in a filter (the mock does too)', async () => {
    const result = await login(searchConfig(), 'ａｌｉｃｅ', 'alice-password');
    expect(result.userDN).toBe(ALICE_DN);
  });
});

describe('real Samba AD DC', () => {
  const ALICE_DN = userDN(ALICE);
  let samba: SambaInstance;

  beforeAll(async () => {
    samba = await startSambaForSuite('authenticator');
  });
  afterAll(async () => {
    await samba?.stop();
  });

  const searchConfig = (extra: LdapAuthConfig = {}): LdapAuthConfig => ({
    url: samba.url,
    binddn: userDN(SVC_LDAP),
    bindpass: SVC_LDAP.password,
    userdn: AD_USERS,
    userattr: 'sAMAccountName',
    groupdn: AD_BASE,
    groupfilter: '(member={{.UserDN}})',
    ...extra,
  });

  it('search mode with the service account: alice’s direct groups', async () => {
    const result = await login(searchConfig(), 'alice', ALICE.password);
    expect(result).toMatchObject({ userDN: ALICE_DN, alias: 'alice' });
    expect(sorted(result.ldapGroups)).toEqual(['Announcements', 'Developers']);
  });

  it('nested groups through the in-chain rule', async () => {
    const result = await login(
      searchConfig({ groupfilter: '(member:1.2.840.113556.1.4.1941:={{.UserDN}})' }),
      'alice',
      ALICE.password,
      { policies: { groups: { engineering: { policies: 'eng' } } } },
    );
    expect(sorted(result.ldapGroups)).toEqual(['Announcements', 'Developers', 'Engineering']);
    expect(result.policies).toEqual(['default', 'eng']);
  });

  it('nested groups through tokenGroups: security groups and the primary group', async () => {
    const result = await login(searchConfig({ use_token_groups: true }), 'alice', ALICE.password);
    expect(sorted(result.ldapGroups)).toEqual(['Developers', 'Domain Users', 'Engineering', 'Users']);
  });

  it('paging the in-chain search one group per page', async () => {
    const result = await login(
      searchConfig({ groupfilter: '(member:1.2.840.113556.1.4.1941:={{.UserDN}})', max_page_size: 1 }),
      'alice',
      ALICE.password,
    );
    expect(sorted(result.ldapGroups)).toEqual(['Announcements', 'Developers', 'Engineering']);
  });

  it('memberOf of the user object (Vault scenario 2 style)', async () => {
    const result = await login(
      searchConfig({
        groupdn: AD_USERS,
        groupfilter: '(&(objectClass=person)(sAMAccountName={{.Username}}))',
        groupattr: 'memberOf',
      }),
      'alice',
      ALICE.password,
    );
    expect(sorted(result.ldapGroups)).toEqual(['Announcements', 'Developers']);
  });

  it('UPN mode over StartTLS (Vault scenario 1 style), groups searched as the user', async () => {
    const config: LdapAuthConfig = {
      url: samba.url,
      userdn: AD_USERS,
      groupdn: AD_BASE,
      groupfilter: '(&(objectClass=group)(member:1.2.840.113556.1.4.1941:={{.UserDN}}))',
      upndomain: DNS_DOMAIN,
      starttls: true,
      certificate: samba.caCertificate,
    };
    const result = await login(config, 'alice', ALICE.password);
    expect(result.userDN).toBe(ALICE_DN);
    expect(result.alias).toBe(`alice@${DNS_DOMAIN}`);
    expect(sorted(result.ldapGroups)).toEqual(['Announcements', 'Developers', 'Engineering']);
  });

  it("UPN mode: o'brien(x) is looked up with a filter-escaped UPN", async () => {
    const config: LdapAuthConfig = {
      url: samba.ldapsUrl,
      certificate: samba.caCertificate,
      userdn: AD_USERS,
      groupdn: AD_BASE,
      groupfilter: '(member={{.UserDN}})',
      upndomain: DNS_DOMAIN,
    };
    const result = await login(config, OBRIEN.sam, OBRIEN.password);
    expect(result.userDN).toBe(userDN(OBRIEN));
    expect(result.ldapGroups).toEqual(['Engineering']);
  });

  it('username_as_alias off: the alias keeps the directory case', async () => {
    const result = await login(searchConfig(), 'ADMINISTRATOR', ADMINISTRATOR.password);
    expect(result).toMatchObject({ username: 'administrator', alias: 'Administrator' });
  });

  it('a wrong password: LoginDeniedError with data 52e, and no password in it', async () => {
    const error = await rejection(login(searchConfig(), 'bob', 'Wrong-Passw0rd!'));
    expect(error).toBeInstanceOf(LoginDeniedError);
    expect(error).not.toBeInstanceOf(AccountStateError);
    expect(error).toMatchObject({ message: DENIED, resultCode: 49 });
    expect((error as LoginDeniedError).adDiagnostic).toMatchObject({
      data: '52e',
      reason: 'invalidCredentials',
    });
    const text = `${inspect(error, { showHidden: true })}${JSON.stringify(error)}`;
    expect(text).not.toContain('Wrong-Passw0rd!');
    expect(text).not.toContain(SVC_LDAP.password);
  });

  it.each([
    { principal: LOCKED, state: 'accountLocked', data: '775' },
    { principal: DISABLED, state: 'accountDisabled', data: '533' },
    { principal: EXPIRED, state: 'accountExpired', data: '701' },
    { principal: MUSTCHANGE, state: 'passwordMustChange', data: '773' },
  ] as const)('$principal.sam: AccountStateError $state (data $data)', async ({ principal, state, data }) => {
    const error = await rejection(login(searchConfig(), principal.sam, principal.password));
    expect(error).toBeInstanceOf(AccountStateError);
    expect(error).toMatchObject({ message: DENIED, state, source: 'ad', resultCode: 49 });
    expect((error as AccountStateError).adDiagnostic?.data).toBe(data);
  });

  it('an empty password: EmptyPasswordError by default; Samba answers 49 data 52e with deny_null_bind false', async () => {
    expect(await rejection(login(searchConfig(), 'bob', ''))).toBeInstanceOf(EmptyPasswordError);
    const error = await rejection(login(searchConfig({ deny_null_bind: false }), 'bob', ''));
    expect(error).toMatchObject({ message: DENIED, step: 'userBind', resultCode: 49 });
    expect((error as LoginDeniedError).adDiagnostic?.data).toBe('52e');
  });

  it('anonymous_group_search: Samba refuses unauthenticated searches (result 1)', async () => {
    const error = await rejection(
      login(searchConfig({ anonymous_group_search: true }), 'alice', ALICE.password),
    );
    expect(error).toBeInstanceOf(GroupSearchError);
    expect((error as GroupSearchError).code).toBe(1);
  });

  it('discoverdn: Samba refuses the anonymous user search (result 1)', async () => {
    const config: LdapAuthConfig = {
      url: samba.url,
      discoverdn: true,
      userdn: AD_USERS,
      userattr: 'sAMAccountName',
    };
    const error = await rejection(login(config, 'alice', ALICE.password));
    expect(error).toMatchObject({ message: DENIED, step: 'userSearch', resultCode: 1 });
  });

  it.each(HOSTILE)('hostile name %j: nobody found in search mode, bind refused in UPN mode', async (name) => {
    const search = await rejection(login(searchConfig(), name, ALICE.password));
    expect(search).toMatchObject({ message: DENIED, step: 'userSearch' });
    const upn = await rejection(
      login({ url: samba.url, userdn: AD_USERS, upndomain: DNS_DOMAIN }, name, ALICE.password),
    );
    expect(upn).toMatchObject({ message: DENIED, step: 'userBind' });
  });

  it('the locked account stays locked for its right password after all of the above', async () => {
    const error = await rejection(login(searchConfig(), LOCKED.sam, LOCKED.password));
    expect(error).toMatchObject({ state: 'accountLocked' });
    // And bob, who had one wrong and one empty password, still logs in.
    expect((await login(searchConfig(), 'bob', BOB.password)).userDN).toBe(userDN(BOB));
  });

  describe('on Samba a username with a NUL cannot log into the account its prefix names (regression)', () => {
    // Samba compares an assertion as a C string, so `(samaccountname=alice\00zzz)` finds alice: a
    // NUL name sent on (filter-escaped, as OpenBao does) logged into alice's account under another
    // username, an unbounded family of names for one account, each with its own lockout counter
    // (the HCSEC-2025-16 / CVE-2025-6004 class, research §9). The search itself still finds alice,
    // which is why the authenticator refuses such a name before sending it.
    it("Samba's search reads alice + NUL + zzz as alice", async () => {
      const client = new Client({ url: samba.url });
      try {
        await client.bind(samba.rootDN, samba.rootPassword);
        const { searchEntries } = await client.search(AD_BASE, {
          filter: '(sAMAccountName=alice\\00zzz)',
          attributes: ['1.1'],
        });
        expect(searchEntries.map((e) => e.dn)).toEqual([userDN(ALICE)]);
      } finally {
        await client.unbind();
      }
    });

    it('alice + NUL + zzz and alice + NUL are refused before they are sent', async () => {
      for (const name of ['alice\u0000zzz', 'alice\u0000']) {
        const error = await rejection(login(searchConfig(), name, ALICE.password));
        expect(error).toBeInstanceOf(LoginDeniedError);
        expect((error as LoginDeniedError).step).toBe('username');
      }
    });
  });
});
