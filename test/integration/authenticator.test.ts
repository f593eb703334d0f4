/**
 * The authenticator (src/client/authenticator.ts) end to end against the mock, in process, over
 * real sockets: Vault's documented scenarios 1–3 and the `tesla` example
 * (reference/vault-ldap-auth-backend.md) adapted to loopback, nested groups through the in-chain
 * rule and through tokenGroups, failover, hostile usernames, null binds, the OpenBao options
 * (case_sensitive_names, username_as_alias, discoverdn, upndomain, anonymous_group_search,
 * max_page_size), typed errors and the absence of passwords in them. What the server saw is read
 * from its journal, which is how "no bind as someone else" and "escaped filter" are proven.
 * Semantics: research/openbao-ldaputil.md (§4 login flow, §9 known bugs, §11 checklist).
 */
import net from 'node:net';
import { inspect } from 'node:util';
import { Client } from 'ldapts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  LdapAuthenticator,
  type LdapAuthenticatorOptions,
  type LoginResult,
} from '../../src/client/authenticator.js';
import type { LdapAuthConfig } from '../../src/client/config/index.js';
import {
  AccountStateError,
  ConnectionError,
  EmptyPasswordError,
  GroupSearchError,
  LdapAuthError,
  LoginDeniedError,
  RebindError,
} from '../../src/client/errors/index.js';
import { type JournalEntry, type MockServer, startMockServer } from '../../src/server/index.js';
import { AD, adSearchConfig as adSearchConfigFor, OL, openldapSearchConfig } from './default-fixtures.js';

const DENIED = 'ldap operation failed: failed to bind as user';
const STARTTLS_OID = '1.3.6.1.4.1.1466.20037';

// --- the default fixtures (fixtures/README.md) -------------------------------------------------

const AD_PASSWORD = {
  administrator: 'Admin-Passw0rd!',
  alice: 'Alpha-Passw0rd!',
  bob: 'Bravo-Passw0rd!',
  disabled: 'Delta-Passw0rd!',
  locked: 'Lima-Passw0rd!',
  expired: 'Echo-Passw0rd!',
  mustchange: 'Mike-Passw0rd!',
  obrien: 'Oscar-Passw0rd!',
  jsmith: 'Juliett-Passw0rd!',
} as const;

const IN_CHAIN_FILTER = '(member:1.2.840.113556.1.4.1941:={{.UserDN}})';

// --- helpers -------------------------------------------------------------------------------------

/** One LDIF entry; values that LDIF cannot write plainly (non-ASCII, leading space…) go base64. */
function entry(
  dn: string,
  attributes: Record<string, string | Buffer | readonly (string | Buffer)[]>,
): string {
  const line = (name: string, value: string | Buffer) => {
    if (Buffer.isBuffer(value)) return `${name}:: ${value.toString('base64')}`;
    const safe = /^[^\s:<][\x01-\x09\x0b\x0c\x0e-\x7f]*$/.test(value) && !value.endsWith(' ');
    return safe ? `${name}: ${value}` : `${name}:: ${Buffer.from(value, 'utf8').toString('base64')}`;
  };
  const lines = [line('dn', dn)];
  for (const [name, value] of Object.entries(attributes)) {
    for (const v of Array.isArray(value) ? value : [value]) lines.push(line(name, v as string | Buffer));
  }
  return `${lines.join('\n')}\n`;
}

const ldif = (...entries: string[]) => `version: 1\n\n${entries.join('\n')}`;

/** unicodePwd as AD stores it: the password in double quotes, UTF-16LE. */
const unicodePwd = (password: string) => Buffer.from(`"${password}"`, 'utf16le');

function adUser(dn: string, cn: string, extra: Record<string, string | Buffer | string[]>) {
  return entry(dn, {
    objectClass: ['top', 'person', 'organizationalPerson', 'user'],
    cn,
    ...extra,
  });
}

function adGroup(dn: string, cn: string, members: readonly string[]) {
  return entry(dn, {
    objectClass: ['top', 'group'],
    cn,
    ...(members.length > 0 && { member: [...members] }),
  });
}

/** The error a promise rejects with; fails the test when it resolves. */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the login to fail, but it succeeded');
}

async function timed<T>(action: () => Promise<T>): Promise<{ ms: number; outcome: T | Error }> {
  const started = performance.now();
  let outcome: T | Error;
  try {
    outcome = await action();
  } catch (error) {
    outcome = error as Error;
  }
  return { ms: performance.now() - started, outcome };
}

/** A port on 127.0.0.1 that nothing listens on (bound once, then released). */
async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

const binds = (server: MockServer) => server.journal.all().filter((o) => o.operation === 'bind');
const searches = (server: MockServer) => server.journal.all().filter((o) => o.operation === 'search');
const bindTargets = (server: MockServer) => binds(server).map((o) => o.target);
/** Binds the server accepted (code 0), by name. */
const successfulBinds = (server: MockServer) =>
  binds(server)
    .filter((o) => o.code === 0)
    .map((o) => o.target);

/** Every text form of an error a program might print or log. */
function everyTextOf(error: Error): string {
  const fields = error as unknown as Record<string, unknown>;
  return [
    String(error),
    error.message,
    error.stack ?? '',
    typeof fields['detail'] === 'string' ? fields['detail'] : '',
    JSON.stringify(error),
    inspect(error, { depth: 10, showHidden: true }),
  ].join('\n');
}

function login(
  config: LdapAuthConfig,
  username: string,
  password: string,
  options: LdapAuthenticatorOptions = {},
): Promise<LoginResult> {
  return new LdapAuthenticator(config, options).login(username, password);
}

// --- shared servers on the default fixtures ------------------------------------------------------

let openldap: MockServer;
let ad: MockServer;

beforeAll(async () => {
  [openldap, ad] = await Promise.all([
    startMockServer({ profile: 'openldap' }),
    startMockServer({ profile: 'ad' }),
  ]);
});
afterEach(async () => {
  await Promise.all([openldap.reset(), ad.reset()]);
});
afterAll(async () => {
  await Promise.all([openldap.stop(), ad.stop()]);
});

const olSearchConfig = (extra: LdapAuthConfig = {}) => openldapSearchConfig(openldap.url, extra);
const adSearchConfig = (extra: LdapAuthConfig = {}) => adSearchConfigFor(ad.url, extra);

// =================================================================================================
// Vault's documented scenarios
// =================================================================================================

describe('Vault scenario 1: AD, UPN bind, StartTLS with a CA, nested groups by LDAP_MATCHING_RULE_IN_CHAIN', () => {
  const USERS = 'OU=Users,DC=example,DC=com';
  const GROUPS = 'OU=Groups,DC=example,DC=com';
  const MITCHELL = `CN=Mitchell Hashimoto,${USERS}`;
  const PASSWORD = 'Mitchell-Passw0rd!';
  let server: MockServer;

  beforeAll(async () => {
    server = await startMockServer({
      profile: 'ad',
      ldif: [
        ldif(
          entry('DC=example,DC=com', { objectClass: ['top', 'domain', 'domainDNS'], dc: 'example' }),
          entry(USERS, { objectClass: ['top', 'organizationalUnit'], ou: 'Users' }),
          entry(GROUPS, { objectClass: ['top', 'organizationalUnit'], ou: 'Groups' }),
          adUser(MITCHELL, 'Mitchell Hashimoto', {
            sAMAccountName: 'mitchellh',
            userPrincipalName: 'mitchellh@example.com',
            unicodePwd: unicodePwd(PASSWORD),
          }),
          adUser(`CN=Armon Dadgar,${USERS}`, 'Armon Dadgar', {
            sAMAccountName: 'armon',
            userPrincipalName: 'armon@example.com',
            unicodePwd: unicodePwd('Armon-Passw0rd!'),
          }),
          adGroup(`CN=vault-devs,${GROUPS}`, 'vault-devs', [MITCHELL]),
          adGroup(`CN=admins,${GROUPS}`, 'admins', [`CN=vault-devs,${GROUPS}`]),
          adGroup(`CN=outsiders,${GROUPS}`, 'outsiders', [`CN=Armon Dadgar,${USERS}`]),
        ),
      ],
    });
  });
  afterEach(() => server.reset());
  afterAll(() => server.stop());

  // The documented configuration; only the URL and the CA file point at the loopback mock.
  const config = (extra: LdapAuthConfig = {}): LdapAuthConfig => ({
    url: server.url,
    userdn: 'ou=Users,dc=example,dc=com',
    groupdn: 'ou=Groups,dc=example,dc=com',
    groupfilter: '(&(objectClass=group)(member:1.2.840.113556.1.4.1941:={{.UserDN}}))',
    groupattr: 'cn',
    upndomain: 'example.com',
    certificate: server.caCertificate,
    insecure_tls: false,
    starttls: true,
    ...extra,
  });

  it('binds as mitchellh@example.com over StartTLS and finds the direct and the nested group', async () => {
    const result = await login(config(), 'mitchellh', PASSWORD, {
      policies: { groups: { admins: { policies: 'admins' }, outsiders: { policies: 'nope' } } },
    });
    expect(result.userDN).toBe(MITCHELL);
    expect([...result.ldapGroups].sort()).toEqual(['admins', 'vault-devs']);
    expect(result.policies).toEqual(['admins', 'default']);
    // Not a search mode: the alias is the UPN the user bound with (OpenBao §4 step 12).
    expect(result.alias).toBe('mitchellh@example.com');
    expect(result.warnings).toEqual([]);

    const ops = server.journal.all();
    expect(ops[0]).toMatchObject({ operation: 'extended', target: STARTTLS_OID, code: 0 });
    expect(bindTargets(server)).toEqual(['mitchellh@example.com']);
    expect(searches(server).map((o) => o.filter)).toEqual([
      '(userPrincipalName=mitchellh@example.com)',
      `(&(objectClass=group)(member:1.2.840.113556.1.4.1941:=${MITCHELL}))`,
    ]);
  });

  it('refuses a wrong password with the generic message and AD data 52e', async () => {
    const error = await rejection(login(config(), 'mitchellh', 'Wrong-Passw0rd!'));
    expect(error).toBeInstanceOf(LoginDeniedError);
    expect(error.message).toBe(DENIED);
    expect((error as LoginDeniedError).adDiagnostic?.data).toBe('52e');
    expect(successfulBinds(server)).toEqual([]);
  });

  it('verifies the server certificate with `certificate`: without it StartTLS fails on every URL', async () => {
    const { certificate: _, ...withoutCA } = config();
    const error = await rejection(login(withoutCA, 'mitchellh', PASSWORD));
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).attempts.map((a) => a.failure)).toEqual(['startTLS']);
    expect(bindTargets(server)).toEqual([]);
  });
});

describe('Vault scenario 2: service bind, sAMAccountName, groups from the memberOf of the user object', () => {
  const USERS = 'OU=Users,DC=example,DC=com';
  const GROUPS = 'OU=Groups,DC=example,DC=com';
  const VAULT = `CN=vault,${USERS}`;
  const MITCHELL = `CN=Mitchell Hashimoto,${USERS}`;
  const PASSWORD = 'Mitchell-Passw0rd!';
  let server: MockServer;

  beforeAll(async () => {
    server = await startMockServer({
      profile: 'ad',
      ldif: [
        ldif(
          entry('DC=example,DC=com', { objectClass: ['top', 'domain', 'domainDNS'], dc: 'example' }),
          entry(USERS, { objectClass: ['top', 'organizationalUnit'], ou: 'Users' }),
          entry(GROUPS, { objectClass: ['top', 'organizationalUnit'], ou: 'Groups' }),
          adUser(VAULT, 'vault', { sAMAccountName: 'vault', unicodePwd: unicodePwd('My$ecrt3tP4ss') }),
          adUser(MITCHELL, 'Mitchell Hashimoto', {
            sAMAccountName: 'mitchellh',
            uid: 'mitchellh',
            unicodePwd: unicodePwd(PASSWORD),
          }),
          adUser(`CN=Armon Dadgar,${USERS}`, 'Armon Dadgar', {
            sAMAccountName: 'armon',
            uid: 'armon',
            unicodePwd: unicodePwd('Armon-Passw0rd!'),
          }),
          adGroup(`CN=vault-admins,${GROUPS}`, 'vault-admins', [MITCHELL]),
          adGroup(`CN=ops,${GROUPS}`, 'ops', [MITCHELL, `CN=Armon Dadgar,${USERS}`]),
          adGroup(`CN=everyone,${GROUPS}`, 'everyone', [`CN=vault-admins,${GROUPS}`]),
        ),
      ],
    });
  });
  afterEach(() => server.reset());
  afterAll(() => server.stop());

  const config = (): LdapAuthConfig => ({
    url: server.url,
    userattr: 'sAMAccountName',
    userdn: 'ou=Users,dc=example,dc=com',
    groupdn: 'ou=Users,dc=example,dc=com',
    groupfilter: '(&(objectClass=person)(uid={{.Username}}))',
    groupattr: 'memberOf',
    binddn: 'cn=vault,ou=users,dc=example,dc=com',
    bindpass: 'My$ecrt3tP4ss',
    certificate: server.caCertificate,
    insecure_tls: false,
    starttls: true,
  });

  it('finds the user as the service account and names the groups after the CN of each memberOf value', async () => {
    const result = await login(config(), 'MitchellH', PASSWORD, {
      policies: { groups: { 'vault-admins': { policies: 'admin' }, ops: { policies: 'ops' } } },
    });
    expect(result.userDN).toBe(MITCHELL);
    expect(result.username).toBe('mitchellh');
    // memberOf holds direct memberships only: `everyone` (through vault-admins) is not there.
    expect([...result.ldapGroups].sort()).toEqual(['ops', 'vault-admins']);
    expect(result.policies).toEqual(['admin', 'default', 'ops']);
    // Search mode: the alias is the directory's sAMAccountName value, not the typed name.
    expect(result.alias).toBe('mitchellh');

    // Service bind, user bind, re-bind as the service account before the group search (vault#2534).
    const sequence = server.journal
      .all()
      .filter((o) => o.operation !== 'extended')
      .map((o) => `${o.operation} ${o.operation === 'bind' ? o.target : o.filter}`);
    expect(sequence.slice(0, 5)).toEqual([
      'bind cn=vault,ou=users,dc=example,dc=com',
      'search (samaccountname=mitchellh)',
      `bind ${MITCHELL}`,
      'bind cn=vault,ou=users,dc=example,dc=com',
      'search (&(objectClass=person)(uid=mitchellh))',
    ]);
  });

  it('a wrong service password denies every login with the generic message', async () => {
    const error = await rejection(login({ ...config(), bindpass: 'not-it' }, 'mitchellh', PASSWORD));
    expect(error).toBeInstanceOf(LoginDeniedError);
    expect(error.message).toBe(DENIED);
    expect((error as LoginDeniedError).step).toBe('serviceBind');
    expect(bindTargets(server)).not.toContain(MITCHELL);
  });
});

describe('Vault scenario 3: LDAPS, anonymous discoverdn, uid, memberUid / member / uniqueMember groups', () => {
  const USERS = 'ou=Users,dc=example,dc=com';
  const GROUPS = 'ou=Groups,dc=example,dc=com';
  const EINSTEIN = `uid=einstein,${USERS}`;
  let server: MockServer;

  beforeAll(async () => {
    const person = (uid: string, password: string) =>
      entry(`uid=${uid},${USERS}`, {
        objectClass: ['inetOrgPerson'],
        uid,
        cn: uid,
        sn: uid,
        userPassword: password,
      });
    server = await startMockServer({
      profile: 'openldap',
      ldif: [
        ldif(
          entry('dc=example,dc=com', {
            objectClass: ['dcObject', 'organization'],
            dc: 'example',
            o: 'Example',
          }),
          entry(USERS, { objectClass: 'organizationalUnit', ou: 'Users' }),
          entry(GROUPS, { objectClass: 'organizationalUnit', ou: 'Groups' }),
          person('einstein', 'relativity'),
          person('curie', 'radium'),
          entry(`cn=scientists,${GROUPS}`, {
            objectClass: 'groupOfNames',
            cn: 'scientists',
            member: EINSTEIN,
          }),
          entry(`cn=physicists,${GROUPS}`, {
            objectClass: 'posixGroup',
            cn: 'physicists',
            gidNumber: '5001',
            memberUid: 'einstein',
          }),
          entry(`cn=nobel,${GROUPS}`, {
            objectClass: 'groupOfUniqueNames',
            cn: 'nobel',
            uniqueMember: [EINSTEIN, `uid=curie,${USERS}`],
          }),
          entry(`cn=chemists,${GROUPS}`, {
            objectClass: 'groupOfNames',
            cn: 'chemists',
            member: `uid=curie,${USERS}`,
          }),
        ),
      ],
    });
  });
  afterEach(() => server.reset());
  afterAll(() => server.stop());

  const config = (): LdapAuthConfig => ({
    url: server.ldapsUrl!,
    userattr: 'uid',
    userdn: 'ou=Users,dc=example,dc=com',
    discoverdn: true,
    groupdn: 'ou=Groups,dc=example,dc=com',
    certificate: server.caCertificate,
    insecure_tls: false,
    starttls: true,
  });

  it('discovers the DN anonymously over LDAPS and finds the groups of all three kinds', async () => {
    const result = await login(config(), 'einstein', 'relativity', {
      policies: { groups: { nobel: { policies: 'laureate' } } },
    });
    expect(result.userDN).toBe(EINSTEIN);
    expect([...result.ldapGroups].sort()).toEqual(['nobel', 'physicists', 'scientists']);
    expect(result.policies).toEqual(['default', 'laureate']);
    expect(result.alias).toBe('einstein');

    // No StartTLS on an ldaps:// URL; the discovery binds are anonymous; no service account, so
    // the group search runs as the user (after the user's own bind).
    const ops = server.journal.all();
    expect(ops.some((o) => o.operation === 'extended')).toBe(false);
    expect(bindTargets(server)).toEqual(['', EINSTEIN, '']);
    const userBind = ops.findIndex((o) => o.operation === 'bind' && o.target === EINSTEIN);
    const groupSearch = ops.findIndex((o) => o.operation === 'search' && o.target === GROUPS);
    expect(groupSearch).toBeGreaterThan(userBind);
    expect(ops.slice(userBind + 1, groupSearch).some((o) => o.operation === 'bind')).toBe(false);
  });

  it("another user's password does not log einstein in", async () => {
    const error = await rejection(login(config(), 'einstein', 'radium'));
    expect(error.message).toBe(DENIED);
    expect(successfulBinds(server)).toEqual(['']);
  });
});

describe('the `tesla` example: local user and group mappings', () => {
  const BASE = 'dc=example,dc=com';
  let server: MockServer;

  beforeAll(async () => {
    const person = (uid: string) =>
      entry(`uid=${uid},${BASE}`, {
        objectClass: 'inetOrgPerson',
        uid,
        cn: uid,
        sn: uid,
        userPassword: 'password',
      });
    server = await startMockServer({
      profile: 'openldap',
      ldif: [
        ldif(
          entry(BASE, { objectClass: ['dcObject', 'organization'], dc: 'example', o: 'Example' }),
          entry(`cn=read-only-admin,${BASE}`, {
            objectClass: ['organizationalRole', 'simpleSecurityObject'],
            cn: 'read-only-admin',
            userPassword: 'password',
          }),
          person('tesla'),
          person('einstein'),
          entry(`cn=scientists,${BASE}`, {
            objectClass: 'groupOfUniqueNames',
            cn: 'scientists',
            uniqueMember: `uid=einstein,${BASE}`,
          }),
          entry(`cn=italians,${BASE}`, {
            objectClass: 'groupOfUniqueNames',
            cn: 'italians',
            uniqueMember: `uid=tesla,${BASE}`,
          }),
        ),
      ],
    });
  });
  afterAll(() => server.stop());

  const config = (): LdapAuthConfig => ({
    url: server.url,
    binddn: `cn=read-only-admin,${BASE}`,
    bindpass: 'password',
    userdn: BASE,
    userattr: 'uid',
    groupdn: BASE,
  });
  // vault write auth/ldap/groups/scientists policies=foo,bar
  // vault write auth/ldap/groups/engineers policies=foobar
  // vault write auth/ldap/users/tesla groups=engineers policies=zoobar
  const mappings = {
    policies: {
      groups: { scientists: { policies: 'foo,bar' }, engineers: { policies: 'foobar' } },
      users: { tesla: { groups: 'engineers', policies: 'zoobar' } },
    },
  };

  it('tesla gets exactly default, foobar, zoobar', async () => {
    const result = await login(config(), 'tesla', 'password', mappings);
    expect(result.policies).toEqual(['default', 'foobar', 'zoobar']);
    // The local group first, then the LDAP group (OpenBao's allGroups).
    expect(result.groups).toEqual(['engineers', 'italians']);
    expect(result.ldapGroups).toEqual(['italians']);
  });

  it('einstein, in the LDAP group scientists, gets foo and bar instead', async () => {
    const result = await login(config(), 'einstein', 'password', mappings);
    expect(result.policies).toEqual(['bar', 'default', 'foo']);
  });
});

// =================================================================================================
// Nested groups
// =================================================================================================

describe('nested groups on the ad profile', () => {
  it('through the in-chain filter: Developers, Engineering (through Developers) and Announcements', async () => {
    const result = await login(adSearchConfig({ groupfilter: IN_CHAIN_FILTER }), 'alice', AD_PASSWORD.alice, {
      policies: { groups: { engineering: { policies: 'eng' } } },
    });
    expect(result.userDN).toBe(AD.alice);
    expect([...result.ldapGroups].sort()).toEqual(['Announcements', 'Developers', 'Engineering']);
    expect(result.policies).toEqual(['default', 'eng']);
  });

  it('through the in-chain filter for a DN with a comma: the DN is filter-escaped (\\5c)', async () => {
    const result = await login(
      adSearchConfig({ groupfilter: IN_CHAIN_FILTER }),
      'jsmith',
      AD_PASSWORD.jsmith,
    );
    expect(result.userDN).toBe(`CN=Smith\\, John,${AD.users}`);
    expect([...result.ldapGroups].sort()).toEqual(['Developers', 'Engineering']);
    expect(searches(ad).map((o) => o.filter)).toContain(
      `(member:1.2.840.113556.1.4.1941:=CN=Smith\\5c, John,${AD.users})`,
    );
  });

  it('through tokenGroups: transitive security groups and the primary group, never the distribution group', async () => {
    const result = await login(
      adSearchConfig({ use_token_groups: true, groupdn: 'OU=nowhere,DC=corp,DC=example,DC=com' }),
      'alice',
      AD_PASSWORD.alice,
      { policies: { groups: { 'domain users': { policies: 'staff' } } } },
    );
    expect([...result.ldapGroups].sort()).toEqual(['Developers', 'Domain Users', 'Engineering', 'Users']);
    expect(result.policies).toEqual(['default', 'staff']);
    // One base search for tokenGroups on the user, then one <SID=…> base search per group; the
    // configured groupdn and groupfilter are not used.
    const groupSearches = searches(ad).filter((o) => o.target !== AD.users);
    expect(groupSearches[0]).toMatchObject({ target: AD.alice, entries: 1 });
    const sidSearches = groupSearches.slice(1).map((o) => o.target);
    expect(sidSearches).toHaveLength(4);
    for (const target of sidSearches) expect(target).toMatch(/^<SID=S-1-5-(21-[0-9-]+|32-545)>$/);
    expect(searches(ad).some((o) => o.target.startsWith('OU=nowhere'))).toBe(false);
  });
});

// =================================================================================================
// Failover and timeouts
// =================================================================================================

describe('failover over the url list', () => {
  it('a closed port first: fails over at once, well within connection_timeout', async () => {
    const dead = `ldap://127.0.0.1:${await closedPort()}`;
    const { ms, outcome } = await timed(() =>
      login(olSearchConfig({ url: [dead, openldap.url], connection_timeout: 5 }), 'alice', 'alice-password'),
    );
    expect(outcome).toMatchObject({ userDN: OL.alice });
    expect(ms).toBeLessThan(5000);
  });

  it('a server refusing connections (fault `refuse`) first: fails over within connection_timeout', async () => {
    const refusing = await startMockServer({ profile: 'openldap', faults: { refuse: true } });
    try {
      const { ms, outcome } = await timed(() =>
        login(
          olSearchConfig({ url: [refusing.url, openldap.url], connection_timeout: 2 }),
          'alice',
          'alice-password',
        ),
      );
      expect(outcome).toMatchObject({ userDN: OL.alice });
      expect(ms).toBeLessThan(2000);
      expect(refusing.journal.all()).toEqual([]);
    } finally {
      await refusing.stop();
    }
  });

  it('an LDAPS server that never completes the handshake: the next URL after connection_timeout', async () => {
    const silent = net.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    try {
      const { ms, outcome } = await timed(() =>
        login(
          olSearchConfig({
            url: [`ldaps://127.0.0.1:${port}`, openldap.ldapsUrl!],
            certificate: openldap.caCertificate,
            connection_timeout: 1,
          }),
          'alice',
          'alice-password',
        ),
      );
      expect(outcome).toMatchObject({ userDN: OL.alice });
      expect(ms).toBeGreaterThanOrEqual(950);
      expect(ms).toBeLessThan(2500);
    } finally {
      silent.close();
    }
  });

  it('every URL dead: a ConnectionError listing each URL, in order, with its reason', async () => {
    const first = `ldap://127.0.0.1:${await closedPort()}`;
    const second = `ldap://127.0.0.1:${await closedPort()}`;
    const error = await rejection(login(olSearchConfig({ url: [first, second] }), 'alice', 'alice-password'));
    expect(error).toBeInstanceOf(ConnectionError);
    const connection = error as ConnectionError;
    expect(connection.attempts.map((a) => a.url)).toEqual([first, second]);
    expect(
      connection.attempts.every((a) => a.failure === 'connect' && a.reason.includes('ECONNREFUSED')),
    ).toBe(true);
    expect(error.message).toMatch(
      /^2 errors occurred:\n\t\* error connecting to host "ldap:\/\/127\.0\.0\.1:\d+"/,
    );
  });

  it('a server that accepts and never answers (fault `hang`), plain ldap://: the login ends after request_timeout', async () => {
    // The TCP connect succeeds, so there is nothing to fail over from (OpenBao's dial behaves the
    // same); what matters is that the login is bounded by request_timeout instead of hanging.
    const hanging = await startMockServer({ profile: 'openldap', faults: { hang: true } });
    try {
      const { ms, outcome } = await timed(() =>
        login(
          olSearchConfig({ url: [hanging.url, openldap.url], connection_timeout: 1, request_timeout: 2 }),
          'alice',
          'alice-password',
        ),
      );
      expect(outcome).toBeInstanceOf(LoginDeniedError);
      expect((outcome as LoginDeniedError).step).toBe('serviceBind');
      expect(ms).toBeGreaterThanOrEqual(1950);
      expect(ms).toBeLessThan(4000);
    } finally {
      await hanging.stop();
    }
  });
});

// =================================================================================================
// Hostile usernames
// =================================================================================================

const HOSTILE: readonly string[] = [
  '*',
  ')(uid=*',
  '\\',
  '{{.UserDN}}',
  'alice)(|(uid=*',
  'alice*',
  '*)(objectClass=*',
  ' ',
  'al ice',
  'alïce',
  'ａｌｉ',
];

describe('hostile usernames never log in as someone else', () => {
  it.each(HOSTILE)('search mode (openldap): %j finds nobody; the filter went out escaped', async (name) => {
    const error = await rejection(login(olSearchConfig(), name, 'alice-password'));
    expect(error).toBeInstanceOf(LoginDeniedError);
    expect((error as LoginDeniedError).step).toBe('userSearch');
    // Only the service account ever bound.
    expect(bindTargets(openldap)).toEqual([OL.admin]);
    const [search] = searches(openldap);
    expect(search?.entries).toBe(0);
    // The value between `(uid=` and `)` contains no unescaped filter metacharacter.
    const value = search!.filter!.slice('(uid='.length, -1);
    expect(value).not.toMatch(/[()*\u0000]|\\(?![0-9a-f]{2})/);
  });

  it('search mode: each metacharacter becomes its RFC 4515 escape', async () => {
    const names = ['*', ')(uid=*', '\\', 'alice)(|(uid=*'];
    for (const name of names) await rejection(login(olSearchConfig(), name, 'alice-password'));
    expect(searches(openldap).map((o) => o.filter)).toEqual([
      '(uid=\\2a)',
      '(uid=\\29\\28uid=\\2a)',
      '(uid=\\5c)',
      '(uid=alice\\29\\28|\\28uid=\\2a)',
    ]);
  });

  it.each(['alice\u0000', 'alice\u0000zzz', '\u0000'])(
    'a name with NUL (%j) is refused in every mode before any packet (Samba would read it as its prefix)',
    async (name) => {
      const modes: LdapAuthConfig[] = [
        olSearchConfig(),
        { url: openldap.url, userdn: OL.people, userattr: 'uid' },
        { url: ad.url, userdn: AD.users, upndomain: AD.domain },
      ];
      for (const config of modes) {
        const error = await rejection(login(config, name, 'alice-password'));
        expect(error).toBeInstanceOf(LoginDeniedError);
        expect((error as LoginDeniedError).step).toBe('username');
      }
      expect(openldap.journal.all()).toEqual([]);
      expect(ad.journal.all()).toEqual([]);
    },
  );

  it('search mode: {{.UserDN}} is text, not a template field', async () => {
    await rejection(login(olSearchConfig({ case_sensitive_names: true }), '{{.UserDN}}', 'x'));
    expect(searches(openldap).map((o) => o.filter)).toEqual(['(uid={{.UserDN}})']);
  });

  it.each(HOSTILE)('DN mode (openldap): %j binds only as its own, escaped DN and fails', async (name) => {
    const config: LdapAuthConfig = {
      url: openldap.url,
      userdn: OL.people,
      userattr: 'uid',
      groupdn: OL.groups,
    };
    const error = await rejection(login(config, name, 'alice-password'));
    expect(error).toBeInstanceOf(LoginDeniedError);
    expect(binds(openldap)).toHaveLength(1);
    // Trimmed, a blank name leaves `uid=` without a value, which slapd refuses as a DN (measured).
    expect(binds(openldap)[0]!.code).toBe(name.trim() === '' ? 34 : 49);
    expect(successfulBinds(openldap)).toEqual([]);
    expect(searches(openldap)).toEqual([]);
  });

  it.each(HOSTILE)('UPN mode (ad): %j binds only as <name>@upndomain and fails', async (name) => {
    const config: LdapAuthConfig = {
      url: ad.url,
      userdn: AD.users,
      upndomain: AD.domain,
      groupdn: AD.base,
    };
    const error = await rejection(login(config, name, AD_PASSWORD.alice));
    expect(error).toBeInstanceOf(LoginDeniedError);
    expect(binds(ad)).toHaveLength(1);
    expect(binds(ad)[0]!.target.endsWith(`@${AD.domain}`)).toBe(true);
    expect(successfulBinds(ad)).toEqual([]);
  });

  describe('users whose own names are hostile log in as themselves and get only their own groups', () => {
    const BASE = 'dc=example,dc=com';
    const PEOPLE = `ou=people,${BASE}`;
    const GROUPS = `ou=groups,${BASE}`;
    let server: MockServer;

    beforeAll(async () => {
      const person = (uid: string, password: string) =>
        entry(`uid=${uid.replace(/[\\,+"<>;]/g, (c) => `\\${c}`)},${PEOPLE}`, {
          objectClass: ['inetOrgPerson'],
          uid,
          cn: uid,
          sn: 'x',
          userPassword: password,
        });
      server = await startMockServer({
        profile: 'openldap',
        ldif: [
          ldif(
            entry(BASE, { objectClass: ['dcObject', 'organization'], dc: 'example', o: 'Example' }),
            entry(PEOPLE, { objectClass: 'organizationalUnit', ou: 'people' }),
            entry(GROUPS, { objectClass: 'organizationalUnit', ou: 'groups' }),
            person('alice', 'alice-password'),
            person('bob', 'bob-password'),
            person('*', 'star-password'),
            person('alice)(|(uid=*', 'paren-password'),
            person('{{.UserDN}}', 'template-password'),
            person('müller', 'umlaut-password'),
            entry(`cn=stars,${GROUPS}`, {
              objectClass: 'posixGroup',
              cn: 'stars',
              gidNumber: '1',
              memberUid: '*',
            }),
            entry(`cn=staff,${GROUPS}`, {
              objectClass: 'posixGroup',
              cn: 'staff',
              gidNumber: '2',
              memberUid: ['alice', 'bob'],
            }),
            entry(`cn=admins,${GROUPS}`, {
              objectClass: 'groupOfNames',
              cn: 'admins',
              member: `uid=alice,${PEOPLE}`,
            }),
            // By DN: memberUid is an IA5 String, which slapd refuses a non-ASCII name in.
            entry(`cn=umlauts,${GROUPS}`, {
              objectClass: 'groupOfNames',
              cn: 'umlauts',
              member: `uid=müller,${PEOPLE}`,
            }),
          ),
        ],
      });
    });
    afterEach(() => server.reset());
    afterAll(() => server.stop());

    const config = (extra: LdapAuthConfig = {}): LdapAuthConfig => ({
      url: server.url,
      binddn: 'cn=admin,dc=example,dc=com',
      bindpass: 'admin',
      userdn: PEOPLE,
      userattr: 'uid',
      groupdn: GROUPS,
      ...extra,
    });

    it('`*` is the user named *, in `stars` only; the group filter does not match every memberUid', async () => {
      const result = await login(config(), '*', 'star-password');
      expect(result.userDN).toBe(`uid=*,${PEOPLE}`);
      expect(result.ldapGroups).toEqual(['stars']);
      expect(result.alias).toBe('*');
      expect(searches(server).map((o) => o.filter)).toContain(
        `(|(memberUid=\\2a)(member=uid=\\2a,${PEOPLE})(uniqueMember=uid=\\2a,${PEOPLE}))`,
      );
    });

    it("`*` with alice's password is refused", async () => {
      const error = await rejection(login(config(), '*', 'alice-password'));
      expect(error.message).toBe(DENIED);
      expect(successfulBinds(server).filter((dn) => dn !== 'cn=admin,dc=example,dc=com')).toEqual([]);
    });

    it('`alice)(|(uid=*` is that user, not alice, and not in `admins`', async () => {
      const result = await login(config(), 'alice)(|(uid=*', 'paren-password');
      // The server writes the `=` of the value as `\3D`, as slapd's pretty DNs do.
      expect(result.userDN).toBe(`uid=alice)(|(uid\\3D*,${PEOPLE}`);
      expect(result.alias).toBe('alice)(|(uid=*');
      expect(result.ldapGroups).toEqual([]);
      expect(bindTargets(server)).not.toContain(`uid=alice,${PEOPLE}`);
    });

    it('`{{.UserDN}}` is substituted once: the group filter keeps it as text', async () => {
      const result = await login(config({ case_sensitive_names: true }), '{{.UserDN}}', 'template-password');
      expect(result.userDN).toBe(`uid={{.UserDN}},${PEOPLE}`);
      const groupFilter = searches(server).find((o) => o.target === GROUPS)!.filter!;
      expect(groupFilter.startsWith('(|(memberUid={{.UserDN}})(member=uid={{.UserDN}},')).toBe(true);
    });

    it('a non-ASCII name goes out byte-exact and finds its owner (and only with its password)', async () => {
      const result = await login(config(), 'MÜLLER', 'umlaut-password');
      expect(result.userDN).toBe(`uid=müller,${PEOPLE}`);
      expect(result.ldapGroups).toEqual(['umlauts']);
      await server.reset();
      await rejection(login(config(), 'müller', 'alice-password'));
      expect(successfulBinds(server)).toEqual(['cn=admin,dc=example,dc=com']);
    });
  });
});

// =================================================================================================
// Empty passwords and null binds
// =================================================================================================

describe('an empty password is refused before any packet is sent (deny_null_bind, the default)', () => {
  it('openldap: EmptyPasswordError, and the server saw nothing', async () => {
    const error = await rejection(login(olSearchConfig(), 'alice', ''));
    expect(error).toBeInstanceOf(EmptyPasswordError);
    expect(error.message).toBe('password cannot be of zero length when passwordless binds are being denied');
    expect(openldap.journal.all()).toEqual([]);
  });

  it('with the only server refusing connections it is still EmptyPasswordError: no connection was needed', async () => {
    await ad.setFaults({ refuse: true });
    const error = await rejection(login(adSearchConfig(), 'alice', ''));
    expect(error).toBeInstanceOf(EmptyPasswordError);
    expect(ad.journal.all()).toEqual([]);
  });

  it('in every bind mode (UPN, DN, discoverdn)', async () => {
    const configs: LdapAuthConfig[] = [
      { url: ad.url, upndomain: AD.domain, userdn: AD.users },
      { url: openldap.url, userdn: OL.people, userattr: 'uid' },
      { url: openldap.url, discoverdn: true, userdn: OL.people, userattr: 'uid' },
    ];
    for (const config of configs) {
      expect(await rejection(login(config, 'alice', ''))).toBeInstanceOf(EmptyPasswordError);
    }
    expect([...openldap.journal.all(), ...ad.journal.all()]).toEqual([]);
  });
});

describe('deny_null_bind false: what the servers answer and what the authenticator then does', () => {
  it('openldap answers 53 to a DN with an empty password: LoginDeniedError carrying 53', async () => {
    const error = await rejection(login(olSearchConfig({ deny_null_bind: false }), 'alice', ''));
    expect(error).toBeInstanceOf(LoginDeniedError);
    expect(error.message).toBe(DENIED);
    expect((error as LoginDeniedError).step).toBe('userBind');
    expect((error as LoginDeniedError).resultCode).toBe(53);
    expect(binds(openldap).find((o) => o.target === OL.alice)?.code).toBe(53);
  });

  it('ad answers anonymous success: the login is still refused, an unauthenticated bind proves nothing (vault#2086)', async () => {
    // The hazard deny_null_bind exists for: AD treats "DN + empty password" as an anonymous bind.
    // OpenBao, with the option off, takes that success at face value; we send the same bind and
    // refuse what it cannot prove.
    const error = await rejection(login(adSearchConfig({ deny_null_bind: false }), 'alice', ''));
    expect(error).toBeInstanceOf(LoginDeniedError);
    expect(error.message).toBe(DENIED);
    expect((error as LoginDeniedError).step).toBe('userBind');
    expect((error as LoginDeniedError).detail).toContain('unauthenticated bind');
    expect(binds(ad).find((o) => o.target === AD.alice)?.code).toBe(0);
    await ad.reset();
    // The default configuration refuses the same login before connecting.
    expect(await rejection(login(adSearchConfig(), 'alice', ''))).toBeInstanceOf(EmptyPasswordError);
    expect(ad.journal.all()).toEqual([]);
  });

  it('samba answers 49 data 52e to the same bind: LoginDeniedError', async () => {
    const samba = await startMockServer({ profile: 'samba' });
    try {
      const error = await rejection(
        login(adSearchConfig({ url: samba.url, deny_null_bind: false }), 'alice', ''),
      );
      expect(error).toBeInstanceOf(LoginDeniedError);
      expect((error as LoginDeniedError).adDiagnostic?.data).toBe('52e');
    } finally {
      await samba.stop();
    }
  });
});

// =================================================================================================
// OpenBao options
// =================================================================================================

describe('case_sensitive_names', () => {
  const policies = {
    policies: {
      users: { Alice: { policies: 'upper-user' }, alice: { policies: 'lower-user' } },
      groups: { Developers: { policies: 'upper-group' }, developers: { policies: 'lower-group' } },
    },
  };

  it('false (default): the name is lower-cased and mappings are matched case-insensitively', async () => {
    const result = await login(olSearchConfig(), '  ALICE ', 'alice-password', policies);
    expect(result.username).toBe('alice');
    expect(result.metadata).toEqual({ username: 'alice' });
    expect(searches(openldap)[0]!.filter).toBe('(uid=alice)');
    // Both spellings were stored under `alice` / `developers`; the later write wins, as OpenBao's.
    expect(result.policies).toEqual(['default', 'lower-group', 'lower-user']);
  });

  it('true: the typed case is kept, and only the exactly spelled mappings apply', async () => {
    const result = await login(
      olSearchConfig({ case_sensitive_names: true }),
      'Alice',
      'alice-password',
      policies,
    );
    expect(result.username).toBe('Alice');
    expect(searches(openldap)[0]!.filter).toBe('(uid=Alice)');
    expect(result.ldapGroups).toEqual(['developers']);
    expect(result.policies).toEqual(['default', 'lower-group', 'upper-user']);
  });
});

describe('username_as_alias', () => {
  it('off: the alias is the directory value in its own case, read with one more service search', async () => {
    const result = await login(adSearchConfig(), 'ADMINISTRATOR', AD_PASSWORD.administrator);
    expect(result.username).toBe('administrator');
    expect(result.alias).toBe('Administrator');
    expect(searches(ad).filter((o) => o.target === AD.users)).toHaveLength(2);
  });

  it('on: the alias is the normalised typed name and no alias search is made', async () => {
    const result = await login(
      adSearchConfig({ username_as_alias: true }),
      'ADMINISTRATOR',
      AD_PASSWORD.administrator,
    );
    expect(result.alias).toBe('administrator');
    expect(searches(ad).filter((o) => o.target === AD.users)).toHaveLength(1);
  });
});

describe('discoverdn', () => {
  it('openldap: anonymous discovery, then the user bind; the group search runs as the user', async () => {
    const config: LdapAuthConfig = {
      url: openldap.url,
      discoverdn: true,
      userdn: OL.people,
      userattr: 'uid',
      groupdn: OL.groups,
    };
    const result = await login(config, 'bob', 'bob-password');
    expect(result.userDN).toBe('uid=bob,ou=people,dc=example,dc=org');
    expect([...result.ldapGroups].sort()).toEqual(['auditors', 'ops']);
    expect(bindTargets(openldap)).toEqual(['', 'uid=bob,ou=people,dc=example,dc=org', '']);
  });

  it('ad refuses anonymous searches: the login is denied at the user search with result 1', async () => {
    const error = await rejection(
      login(
        { url: ad.url, discoverdn: true, userdn: AD.users, userattr: 'sAMAccountName' },
        'alice',
        AD_PASSWORD.alice,
      ),
    );
    expect(error).toBeInstanceOf(LoginDeniedError);
    expect((error as LoginDeniedError).step).toBe('userSearch');
    expect((error as LoginDeniedError).resultCode).toBe(1);
    expect(successfulBinds(ad)).toEqual(['']);
  });
});

describe('upndomain', () => {
  it("binds with the UPN and looks the DN up with a filter-escaped UPN: o'brien(x)", async () => {
    const config: LdapAuthConfig = {
      url: ad.url,
      userdn: AD.users,
      upndomain: AD.domain,
      groupdn: AD.base,
      groupfilter: '(member={{.UserDN}})',
    };
    const result = await login(config, "o'brien(x)", AD_PASSWORD.obrien);
    expect(result.userDN).toBe(`CN=o'brien(x),${AD.users}`);
    expect(result.ldapGroups).toEqual(['Engineering']);
    expect(bindTargets(ad)).toEqual([`o'brien(x)@${AD.domain}`]);
    expect(searches(ad)[0]!.filter).toBe(`(userPrincipalName=o'brien\\28x\\29@${AD.domain})`);
  });

  it('with a service account, the user search uses userPrincipalName (UPN overrides userattr)', async () => {
    const result = await login(adSearchConfig({ upndomain: AD.domain }), 'alice', AD_PASSWORD.alice);
    expect(result.userDN).toBe(AD.alice);
    expect(searches(ad)[0]!.filter).toBe(`(userPrincipalName=alice@${AD.domain})`);
  });

  describe('GHSA-6mwx-4547-5vc9: a UPN with filter metacharacters must not widen the user-DN lookup', () => {
    const USERS = 'OU=Users,DC=example,DC=com';
    const GROUPS = 'OU=Groups,DC=example,DC=com';
    let server: MockServer;

    beforeAll(async () => {
      server = await startMockServer({
        profile: 'ad',
        ldif: [
          ldif(
            entry('DC=example,DC=com', { objectClass: ['top', 'domain', 'domainDNS'], dc: 'example' }),
            entry(USERS, { objectClass: ['top', 'organizationalUnit'], ou: 'Users' }),
            entry(GROUPS, { objectClass: ['top', 'organizationalUnit'], ou: 'Groups' }),
            // A legitimate user whose UPN contains `*` (AD allows it in a UPN).
            adUser(`CN=devstar,${USERS}`, 'devstar', {
              sAMAccountName: 'devstar',
              userPrincipalName: 'dev*@example.com',
              unicodePwd: unicodePwd('Star-Passw0rd!'),
            }),
            // The accounts `dev*` would match if the `*` reached the filter as a wildcard.
            adUser(`CN=devops,${USERS}`, 'devops', {
              sAMAccountName: 'devops',
              userPrincipalName: 'devops@example.com',
              unicodePwd: unicodePwd('Ops-Passw0rd!!'),
            }),
            adUser(`CN=devzz,${USERS}`, 'devzz', {
              sAMAccountName: 'devzz',
              userPrincipalName: 'devzz@example.com',
              unicodePwd: unicodePwd('Zulu-Passw0rd!'),
            }),
            adGroup(`CN=Domain Admins Lookalike,${GROUPS}`, 'Domain Admins Lookalike', [
              `CN=devops,${USERS}`,
              `CN=devzz,${USERS}`,
            ]),
          ),
        ],
      });
    });
    afterAll(() => server.stop());

    it('dev* resolves to its own DN only and gets none of the admins’ groups', async () => {
      const config: LdapAuthConfig = {
        url: server.url,
        userdn: USERS,
        groupdn: GROUPS,
        upndomain: 'example.com',
        groupfilter: '(member={{.UserDN}})',
      };
      const result = await login(config, 'dev*', 'Star-Passw0rd!', {
        policies: { groups: { 'domain admins lookalike': { policies: 'root-ish' } } },
      });
      expect(result.userDN).toBe(`CN=devstar,${USERS}`);
      expect(result.ldapGroups).toEqual([]);
      expect(result.policies).toEqual(['default']);
      const lookup = searches(server).find((o) => o.target === USERS)!;
      expect(lookup.filter).toBe('(userPrincipalName=dev\\2a@example.com)');
      expect(lookup.entries).toBe(1);
    });
  });
});

describe('anonymous_group_search', () => {
  it('openldap: the group search runs on a new connection that never binds', async () => {
    const result = await login(olSearchConfig({ anonymous_group_search: true }), 'alice', 'alice-password');
    expect(result.ldapGroups).toEqual(['developers']);
    const groupSearch = searches(openldap).find((o) => o.target === OL.groups)!;
    const userSession = binds(openldap)[0]!.connection;
    expect(groupSearch.connection).not.toBe(userSession);
    expect(
      openldap.journal.all().filter((o: JournalEntry) => o.connection === groupSearch.connection),
    ).toEqual([groupSearch]);
  });

  it('ad refuses unauthenticated searches: GroupSearchError with result 1 (000004DC)', async () => {
    const error = await rejection(
      login(adSearchConfig({ anonymous_group_search: true }), 'alice', AD_PASSWORD.alice),
    );
    expect(error).toBeInstanceOf(GroupSearchError);
    expect((error as GroupSearchError).code).toBe(1);
    expect(error.message).toMatch(/^LDAP search failed: LDAP Result Code 1 "Operations Error": 000004DC/);
  });
});

describe('anonymous_group_search: the new connection cannot be made', () => {
  it('GroupSearchConnectError, after the user bind succeeded', async () => {
    const server = await startMockServer({ profile: 'openldap' });
    try {
      // Refuse new connections as soon as alice has bound; the open connection stays up.
      server.journal.subscribe((operation) => {
        if (operation.operation === 'bind' && operation.target === OL.alice)
          void server.setFaults({ refuse: true });
      });
      const error = await rejection(
        login(olSearchConfig({ url: server.url, anonymous_group_search: true }), 'alice', 'alice-password'),
      );
      expect(error.name).toBe('GroupSearchConnectError');
      expect(error.message).toBe('ldap operation failed: failed to connect to LDAP server');
      expect(successfulBinds(server)).toEqual([OL.admin, OL.alice, OL.admin]);
    } finally {
      await server.stop();
    }
  });
});

describe('max_page_size: paging of the group search', () => {
  const USERS = 'OU=Users,DC=example,DC=com';
  const GROUPS = 'OU=Groups,DC=example,DC=com';
  const PAGER = `CN=pager,${USERS}`;
  const GROUP_COUNT = 1100;
  let server: MockServer;

  beforeAll(async () => {
    const groups = Array.from({ length: GROUP_COUNT }, (_, i) => {
      const cn = `g${String(i).padStart(4, '0')}`;
      return adGroup(`CN=${cn},${GROUPS}`, cn, [PAGER]);
    });
    server = await startMockServer({
      profile: 'ad',
      ldif: [
        ldif(
          entry('DC=example,DC=com', { objectClass: ['top', 'domain', 'domainDNS'], dc: 'example' }),
          entry(USERS, { objectClass: ['top', 'organizationalUnit'], ou: 'Users' }),
          entry(GROUPS, { objectClass: ['top', 'organizationalUnit'], ou: 'Groups' }),
          adUser(PAGER, 'pager', {
            sAMAccountName: 'pager',
            userPrincipalName: 'pager@example.com',
            unicodePwd: unicodePwd('Pager-Passw0rd!'),
          }),
          ...groups,
        ),
      ],
    });
  });
  afterEach(() => server.reset());
  afterAll(() => server.stop());

  const config = (maxPageSize: number): LdapAuthConfig => ({
    url: server.url,
    userdn: USERS,
    groupdn: GROUPS,
    upndomain: 'example.com',
    groupfilter: '(member={{.UserDN}})',
    max_page_size: maxPageSize,
  });

  it('0 (default): no paging, and AD stops at its MaxPageSize of 1000 with result 4', async () => {
    const error = await rejection(login(config(0), 'pager', 'Pager-Passw0rd!'));
    expect(error).toBeInstanceOf(GroupSearchError);
    expect((error as GroupSearchError).code).toBe(4);
    expect(searches(server).filter((o) => o.target === GROUPS)).toHaveLength(1);
  });

  it('300: four pages of 300, 300, 300 and 200 groups, all of them found', async () => {
    const result = await login(config(300), 'pager', 'Pager-Passw0rd!');
    expect(result.ldapGroups).toHaveLength(GROUP_COUNT);
    expect(new Set(result.ldapGroups).size).toBe(GROUP_COUNT);
    expect(
      searches(server)
        .filter((o) => o.target === GROUPS)
        .map((o) => o.entries),
    ).toEqual([300, 300, 300, 200]);
  });
});

// =================================================================================================
// Errors
// =================================================================================================

describe('errors carry the result code and, for AD, the decoded data reason', () => {
  it('openldap: wrong password and unknown user look the same to the client; the detail tells them apart', async () => {
    const wrong = (await rejection(login(olSearchConfig(), 'alice', 'nope'))) as LoginDeniedError;
    const unknown = (await rejection(login(olSearchConfig(), 'nobody', 'nope'))) as LoginDeniedError;
    expect(wrong.message).toBe(DENIED);
    expect(unknown.message).toBe(DENIED);
    expect(wrong).toMatchObject({ step: 'userBind', resultCode: 49, code: 49, countsForLockout: true });
    expect(unknown).toMatchObject({ step: 'userSearch', resultCode: undefined, countsForLockout: true });
  });

  it('openldap: the ppolicy-locked user gets 49 with no reason (slapd sends none)', async () => {
    const error = (await rejection(login(olSearchConfig(), 'locked', 'locked-password'))) as LoginDeniedError;
    expect(error).toBeInstanceOf(LoginDeniedError);
    expect(error).not.toBeInstanceOf(AccountStateError);
    expect(error.resultCode).toBe(49);
  });

  it('ad: a wrong password is LoginDeniedError with data 52e (invalidCredentials)', async () => {
    const error = (await rejection(login(adSearchConfig(), 'bob', 'Wrong-Passw0rd!'))) as LoginDeniedError;
    expect(error).not.toBeInstanceOf(AccountStateError);
    expect(error.resultCode).toBe(49);
    expect(error.adDiagnostic).toMatchObject({ data: '52e', reason: 'invalidCredentials' });
  });

  it.each([
    { user: 'locked', password: AD_PASSWORD.locked, state: 'accountLocked', data: '775' },
    { user: 'disabled', password: AD_PASSWORD.disabled, state: 'accountDisabled', data: '533' },
    { user: 'expired', password: AD_PASSWORD.expired, state: 'accountExpired', data: '701' },
    { user: 'mustchange', password: AD_PASSWORD.mustchange, state: 'passwordMustChange', data: '773' },
  ] as const)(
    'ad: $user → AccountStateError $state (data $data), same client message',
    async ({ user, password, state, data }) => {
      const error = await rejection(login(adSearchConfig(), user, password));
      expect(error).toBeInstanceOf(AccountStateError);
      expect(error.message).toBe(DENIED);
      expect(error).toMatchObject({ state, source: 'ad', resultCode: 49, step: 'userBind' });
      expect((error as AccountStateError).adDiagnostic?.data).toBe(data);
    },
  );

  it('ad: the locked account says locked even with a wrong password', async () => {
    const error = await rejection(login(adSearchConfig(), 'locked', 'Wrong-Passw0rd!'));
    expect(error).toMatchObject({ state: 'accountLocked' });
  });
});

describe('no password appears in any error', () => {
  const PASSWORD = 'Pa$$-"quoted"\\-Secret-42';
  const BINDPASS = 'Bind-"Secret"\\-99';

  const cases: readonly [string, () => Promise<unknown>][] = [
    ['wrong user password (openldap)', () => login(olSearchConfig(), 'alice', PASSWORD)],
    ['unknown user', () => login(olSearchConfig(), 'nobody', PASSWORD)],
    ['wrong service password', () => login(olSearchConfig({ bindpass: BINDPASS }), 'alice', PASSWORD)],
    ['wrong password (ad, data 52e)', () => login(adSearchConfig(), 'bob', PASSWORD)],
    ['locked account (ad)', () => login(adSearchConfig(), 'locked', PASSWORD)],
    [
      'no server',
      async () => login(olSearchConfig({ url: `ldap://127.0.0.1:${await closedPort()}` }), 'alice', PASSWORD),
    ],
    [
      'group search refused',
      () => login(adSearchConfig({ anonymous_group_search: true }), 'alice', AD_PASSWORD.alice),
    ],
  ];

  it.each(cases)('%s', async (_, attempt) => {
    const error = await rejection(attempt());
    expect(error).toBeInstanceOf(LdapAuthError);
    expect(error.cause).toBeUndefined();
    const text = everyTextOf(error);
    // Not the openldap rootdn's `admin`: that word is also part of DNs such as cn=admin,….
    for (const secret of [PASSWORD, BINDPASS, AD_PASSWORD.alice, AD.servicePassword])
      expect(text).not.toContain(secret);
  });

  it('a connection dropped at the service re-bind: RebindError, without the bind password', async () => {
    // Operations on the connection: service bind, user search, user bind, then the re-bind (4th).
    await ad.setFaults({ dropAfter: 3 });
    const error = await rejection(login(adSearchConfig(), 'alice', AD_PASSWORD.alice));
    expect(error).toBeInstanceOf(RebindError);
    expect(error.message).toBe('ldap operation failed: failed to re-bind with the BindDN user');
    const text = everyTextOf(error);
    expect(text).not.toContain(AD.servicePassword);
    expect(text).not.toContain(AD_PASSWORD.alice);
  });
});

describe('TLS', () => {
  it('LDAPS with the CA as `certificate`: the login goes through', async () => {
    const config = olSearchConfig({ url: openldap.ldapsUrl!, certificate: openldap.caCertificate });
    expect((await login(config, 'alice', 'alice-password')).userDN).toBe(OL.alice);
  });

  it.each(['expired', 'wrongHost'] as const)(
    'a %s server certificate: ConnectionError, unless insecure_tls',
    async (fault) => {
      await openldap.setFaults({ certificate: fault });
      const config = olSearchConfig({ url: openldap.ldapsUrl!, certificate: openldap.caCertificate });
      const error = await rejection(login(config, 'alice', 'alice-password'));
      expect(error).toBeInstanceOf(ConnectionError);
      expect(bindTargets(openldap)).toEqual([]);
      const insecure = await login({ ...config, insecure_tls: true }, 'alice', 'alice-password');
      expect(insecure.userDN).toBe(OL.alice);
    },
  );
});

describe('OpenBao edge cases (research §11)', () => {
  it('a user filter matching several entries: denied as not unique, no user bind', async () => {
    const error = await rejection(
      login(olSearchConfig({ userfilter: '(objectClass=inetOrgPerson)' }), 'alice', 'alice-password'),
    );
    expect(error).toMatchObject({ step: 'userSearch', message: DENIED });
    expect(bindTargets(openldap)).toEqual([OL.admin]);
  });

  it('a multi-valued userattr: EntityAliasError, unless username_as_alias', async () => {
    openldap.directory.modify(OL.alice, [{ operation: 'add', type: 'uid', values: ['alice-two'] }]);
    const error = await rejection(login(olSearchConfig(), 'alice', 'alice-password'));
    expect(error.message).toBe(
      'LDAP entity alias attribute uid empty or not unique for entity alias mapping',
    );
    const result = await login(olSearchConfig({ username_as_alias: true }), 'alice', 'alice-password');
    expect(result.alias).toBe('alice');
  });

  it('groupattr matched case-sensitively: `memberof` misses the returned `memberOf`; the entry DN is used', async () => {
    const config = olSearchConfig({
      groupdn: OL.people,
      groupfilter: '(uid={{.Username}})',
      groupattr: 'memberof',
    });
    // getCN of a DN without a CN is the DN itself (research §6.3).
    expect((await login(config, 'alice', 'alice-password')).ldapGroups).toEqual([OL.alice]);
    const exact = await login({ ...config, groupattr: 'memberOf' }, 'alice', 'alice-password');
    expect(exact.ldapGroups).toEqual(['developers']);
  });

  it('policies: token_policies added, `root` stands alone, token_no_default_policy drops `default`', async () => {
    const policies = { policies: { groups: { developers: { policies: 'Dev, ops,dev' } } } };
    const base = await login(olSearchConfig({ token_policies: 'base' }), 'alice', 'alice-password', policies);
    expect(base.policies).toEqual(['base', 'default', 'dev', 'ops']);
    const noDefault = await login(
      olSearchConfig({ token_no_default_policy: true }),
      'alice',
      'alice-password',
      policies,
    );
    expect(noDefault.policies).toEqual(['dev', 'ops']);
    const root = await login(olSearchConfig(), 'alice', 'alice-password', {
      policies: { users: { alice: { policies: 'root,dev' } } },
    });
    expect(root.policies).toEqual(['root']);
  });

  it('no group found: the OpenBao warning naming groupdn', async () => {
    const result = await login(olSearchConfig({ groupdn: OL.people }), 'alice', 'alice-password');
    expect(result.ldapGroups).toEqual([]);
    expect(result.warnings).toEqual([
      `no LDAP groups found in groupDN "${OL.people}"; only policies from locally-defined groups available`,
    ]);
  });
});

// =================================================================================================
// Regressions: bugs found by this suite, fixed
// =================================================================================================

describe('StartTLS against a server that accepts and never answers is bounded by connection_timeout (regression)', () => {
  // The StartTLS exchange is part of connecting to an ldap:// URL with starttls; left to
  // request_timeout (90 s by default), a hung first server held the failover that long instead of
  // connection_timeout (research §9, terraform-provider-vault#2357). OpenBao sets no timeout here.
  it('fails over to the second URL within connection_timeout', async () => {
    const hanging = await startMockServer({ profile: 'openldap', faults: { hang: true } });
    try {
      const { ms, outcome } = await timed(() =>
        login(
          olSearchConfig({
            url: [hanging.url, openldap.url],
            starttls: true,
            certificate: openldap.caCertificate,
            connection_timeout: 1,
            request_timeout: 6,
          }),
          'alice',
          'alice-password',
        ),
      );
      expect(outcome).toMatchObject({ userDN: OL.alice });
      expect(ms).toBeLessThan(2500);
    } finally {
      await hanging.stop();
    }
  });
});

describe("a name the directory folds to another user's (fullwidth ａｌｉｃｅ) gets that user's username and alias (regression)", () => {
  // slapd (and the mock) treat `uid=ａｌｉｃｅ` as `uid=alice` (RFC 4518 NFKC). Without NFKC in
  // normalizeUsername, `ａｌｉｃｅ` + alice's password reached alice's account under another username
  // and entity alias: one account, several identities, each with its own lockout counter (the
  // HCSEC-2025-16 / CVE-2025-6013 class, research §9, with NFKC instead of case and spaces).
  it("DN mode: ａｌｉｃｅ is either refused or alice, with alice's username and alias", async () => {
    const config: LdapAuthConfig = {
      url: openldap.url,
      userdn: OL.people,
      userattr: 'uid',
      groupdn: OL.groups,
    };
    const alice = await login(config, 'alice', 'alice-password');
    const outcome = await login(config, 'ａｌｉｃｅ', 'alice-password').catch((error: Error) => error);
    if (outcome instanceof Error) expect(outcome).toBeInstanceOf(LoginDeniedError);
    else
      expect({ username: outcome.username, alias: outcome.alias }).toEqual({
        username: alice.username,
        alias: alice.alias,
      });
  });
});

describe("mock server: equality filters fold Unicode as slapd and the mock's own DN matching do (regression)", () => {
  // slapd 2.5 finds alice by `(uid=ａｌｉｃｅ)` as by the DN `uid=ａｌｉｃｅ,…`; the mock's
  // caseIgnoreMatch once only lower-cased, so it found alice by DN but not by filter.
  it('search mode: (uid=ａｌｉｃｅ) finds alice, as on slapd', async () => {
    const result = await login(olSearchConfig(), 'ａｌｉｃｅ', 'alice-password');
    expect(result.userDN).toBe(OL.alice);
  });
});

describe('mock server: the samba profile ends a filter value at NUL as real Samba does (regression)', () => {
  // Real Samba 4.17 compares `(sAMAccountName=alice\00zzz)` as the C string `alice` and finds
  // alice (test/interop/authenticator-real.test.ts); slapd compares every octet and finds nobody.
  async function found(server: MockServer, bindDN: string, password: string, filter: string, base: string) {
    const client = new Client({ url: server.url });
    try {
      await client.bind(bindDN, password);
      const { searchEntries } = await client.search(base, { filter, attributes: ['1.1'] });
      return searchEntries.map((e) => e.dn);
    } finally {
      await client.unbind();
    }
  }

  it('samba: (sAMAccountName=alice\\00zzz) finds alice; openldap: (uid=alice\\00zzz) finds nobody', async () => {
    const samba = await startMockServer({ profile: 'samba' });
    try {
      const administrator = `CN=Administrator,${AD.users}`;
      expect(
        await found(
          samba,
          administrator,
          AD_PASSWORD.administrator,
          '(sAMAccountName=alice\\00zzz)',
          AD.base,
        ),
      ).toEqual([AD.alice]);
    } finally {
      await samba.stop();
    }
    expect(await found(openldap, OL.admin, OL.adminPassword, '(uid=alice\\00zzz)', OL.base)).toEqual([]);
  });
});
