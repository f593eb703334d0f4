// The authenticator's directory tools (JumpServer's Test Connection, Test Login and user import;
// Infisical's password rotation) against the mock's openldap and ad profiles.
import { type MockServer, startMockServer } from 'ldapmock';
import {
  DirectoryTools,
  infisicalConnectionConfig,
  JUMPSERVER_AD_ATTRIBUTE_MAP,
  LdapAuthenticator,
  TRUECOMMAND_GROUPS,
} from 'ldapmock/client';
import { Client } from 'ldapts';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { LdapConfigErrors } from '../../src/client/errors/config.js';
import {
  DirectoryOperationError,
  InsecureConnectionError,
  UserNotFoundError,
} from '../../src/client/errors/directory.js';

async function canBind(url: string, dn: string, password: string, ca?: string): Promise<boolean> {
  const client = new Client({ url, ...(ca && { tlsOptions: { ca } }) });
  try {
    await client.bind(dn, password);
    return true;
  } catch {
    return false;
  } finally {
    await client.unbind().catch(() => undefined);
  }
}

describe('openldap profile', () => {
  let server: MockServer;
  beforeAll(async () => {
    server = await startMockServer({ profile: 'openldap' });
  });
  afterEach(() => server.reset());
  afterAll(() => server.stop());

  const admin = () => ({
    url: server.url,
    binddn: 'cn=admin,dc=example,dc=org',
    bindpass: 'admin',
    userdn: 'ou=people,dc=example,dc=org',
    userattr: 'uid',
  });

  test('testConnection reports the URL, the protection and an RFC directory', async () => {
    const tested = await new LdapAuthenticator({
      ...admin(),
      url: `ldap://127.0.0.1:1,${server.url}`,
    }).testConnection();
    expect(tested).toMatchObject({
      url: server.url,
      protection: 'none',
      bindDN: 'cn=admin,dc=example,dc=org',
      provider: 'openldap',
      namingContexts: ['dc=example,dc=org'],
    });
    expect(tested.supportedExtensions).toContain('1.3.6.1.4.1.4203.1.11.1');
    expect(tested.bases).toEqual({
      userdn: { status: 'ok', dn: 'ou=people,dc=example,dc=org' },
      groupdn: { status: 'unset' },
    });
  });

  test('DirectoryTools works on its own, checks the configuration, and never needs a login', async () => {
    const tools = new DirectoryTools(admin());
    const { users } = await tools.listUsers();
    expect(users.map((user) => user.username)).toContain('alice');
    expect((await tools.testConnection()).provider).toBe('openldap');
    expect(() => new DirectoryTools({ ...admin(), userfilter: '(uid={{.Nope}})' })).toThrow(LdapConfigErrors);
  });

  test('testConnection: a groupdn that does not exist fails its check with 32, the rest passes', async () => {
    const tested = await new LdapAuthenticator({
      ...admin(),
      groupdn: 'ou=nowhere,dc=example,dc=org',
    }).testConnection();
    expect(tested.bases.userdn.status).toBe('ok');
    const groupdn = tested.bases.groupdn;
    expect(groupdn.status === 'failed' && [groupdn.error.step, groupdn.error.code]).toEqual([
      'baseSearch',
      32,
    ]);
  });

  test('testConnection over LDAPS with the CA, and a wrong bind password names the step and code', async () => {
    const secure = { ...admin(), url: server.ldapsUrl!, certificate: server.caCertificate };
    expect((await new LdapAuthenticator(secure).testConnection()).protection).toBe('ldaps');
    const wrong = new LdapAuthenticator({ ...secure, bindpass: 'not-the-admin-secret' });
    const error = await wrong.testConnection().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DirectoryOperationError);
    expect(error).toMatchObject({ step: 'serviceBind', code: 49 });
    expect(
      JSON.stringify({ message: (error as Error).message, ...(error as DirectoryOperationError).toJSON() }),
    ).not.toContain('not-the-admin-secret');
  });

  test('a bind password typed as the username is redacted in its normalised form too', async () => {
    const secret = 'Typed-Into-Username-9';
    const authenticator = new LdapAuthenticator({ ...admin(), bindpass: secret });
    const outcome = await authenticator.testLogin(`  ${secret.toUpperCase()} `, 'pw');
    expect(outcome.ok).toBe(false);
    const error = !outcome.ok ? outcome.error : undefined;
    expect(error?.detail).toContain('[REDACTED]');
    expect(`${error?.message} ${JSON.stringify(error)} ${error?.stack}`.toLowerCase()).not.toContain(
      secret.toLowerCase(),
    );
  });

  test('testLogin returns the login, or the refusal as a value', async () => {
    const authenticator = new LdapAuthenticator(admin());
    const ok = await authenticator.testLogin('alice', 'alice-password');
    expect(ok.ok && ok.result.userDN).toBe('uid=alice,ou=people,dc=example,dc=org');
    const refused = await authenticator.testLogin('alice', 'wrong');
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error.kind).toBe('loginDenied');
  });

  test('listUsers maps every user, with pwdAccountLockedTime as is_active', async () => {
    const { users, skipped } = await new LdapAuthenticator(admin()).listUsers({
      attributeMap: { username: 'uid', name: 'cn', email: 'mail', is_active: 'pwdAccountLockedTime' },
    });
    expect(skipped).toEqual([]);
    expect(users.map((u) => u.username).sort()).toEqual(['alice', 'bob', 'escaped', 'locked']);
    expect(users.find((u) => u.username === 'alice')).toEqual({
      dn: 'uid=alice,ou=people,dc=example,dc=org',
      username: 'alice',
      name: 'Alice Liddell',
      email: 'alice@example.org',
      is_active: true,
      groups: [],
    });
    expect(users.find((u) => u.username === 'locked')?.is_active).toBe(false);
  });

  test('listUsers pages: 604 users in pages of 100, progress after each page', async () => {
    const progress: number[] = [];
    const { users } = await new LdapAuthenticator({ ...admin(), userdn: 'dc=example,dc=org' }).listUsers({
      pageSize: 100,
      onProgress: ({ users }) => progress.push(users),
    });
    expect(users).toHaveLength(604);
    expect(progress).toEqual([100, 200, 300, 400, 500, 600, 604]);
    const pagedSearches = server.journal.all().filter((o) => o.operation === 'search');
    expect(pagedSearches).toHaveLength(7);
  });

  test('listUsers names every problem of an attribute map', async () => {
    const error = await new LdapAuthenticator(admin())
      .listUsers({ attributeMap: { name: 'cn', mobile: 'x' } as never })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LdapConfigErrors);
    expect((error as LdapConfigErrors).errors.map((e) => e.key)).toEqual([
      'attributeMap.mobile',
      'attributeMap.username',
    ]);
  });

  test('rotatePassword refuses plain LDAP before the password is sent', async () => {
    const error = await new LdapAuthenticator(admin())
      .rotatePassword('alice', 'New-Secret-1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InsecureConnectionError);
    expect(server.journal.all().map((o) => o.operation)).toEqual(['bind']);
  });

  test('rotatePassword over LDAPS uses Password Modify; the new password binds, the old does not', async () => {
    const authenticator = new LdapAuthenticator({
      ...admin(),
      url: server.ldapsUrl!,
      certificate: server.caCertificate,
    });
    expect(await authenticator.rotatePassword('alice', 'New-Secret-1')).toEqual({
      dn: 'uid=alice,ou=people,dc=example,dc=org',
      provider: 'openldap',
      method: 'passwordModify',
    });
    const dn = 'uid=alice,ou=people,dc=example,dc=org';
    expect(await canBind(server.url, dn, 'New-Secret-1')).toBe(true);
    expect(await canBind(server.url, dn, 'alice-password')).toBe(false);
  });

  test('rotatePassword over StartTLS for an unknown user: UserNotFoundError', async () => {
    const authenticator = new LdapAuthenticator({
      ...admin(),
      starttls: true,
      certificate: server.caCertificate,
    });
    const error = await authenticator.rotatePassword('nobody', 'New-Secret-1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserNotFoundError);
    expect((error as Error).message).toBe('user "nobody" not found');
  });
});

describe('ad profile', () => {
  let server: MockServer;
  beforeAll(async () => {
    server = await startMockServer({ profile: 'ad' });
  });
  afterEach(() => server.reset());
  afterAll(() => server.stop());

  const admin = () => ({
    url: server.ldapsUrl!,
    certificate: server.caCertificate,
    binddn: 'CN=Administrator,CN=Users,DC=corp,DC=example,DC=com',
    bindpass: 'Admin-Passw0rd!',
    userdn: 'CN=Users,DC=corp,DC=example,DC=com',
    userattr: 'sAMAccountName',
    userfilter: '(&(objectCategory=person)(objectClass=user)({{.UserAttr}}={{.Username}}))',
  });

  test('testConnection recognises Active Directory', async () => {
    const tested = await new LdapAuthenticator(admin()).testConnection();
    expect(tested.provider).toBe('active-directory');
    expect(tested.namingContexts).toContain('DC=corp,DC=example,DC=com');
  });

  test('listUsers with JumpServer’s map: is_active from userAccountControl, groups from memberOf', async () => {
    const { users } = await new LdapAuthenticator(admin()).listUsers({
      attributeMap: {
        username: 'sAMAccountName',
        name: 'cn',
        email: 'mail',
        is_active: 'userAccountControl',
        groups: 'memberOf',
      },
    });
    const byName = new Map(users.map((u) => [u.username, u]));
    expect(byName.get('alice')).toMatchObject({
      email: 'alice@corp.example.com',
      is_active: true,
      groups: expect.arrayContaining(['Developers', 'Announcements']),
    });
    expect(byName.get('alice')?.groups).toHaveLength(2);
    expect(byName.get('disabled')?.is_active).toBe(false);
    expect(byName.get('Guest')?.is_active).toBe(false);
    expect(byName.has('Developers')).toBe(false);
  });

  test('JumpServer’s documented AD map: username from cn, name from sAMAccountName', async () => {
    const { users, skipped } = await new LdapAuthenticator(admin()).listUsers({
      attributeMap: JUMPSERVER_AD_ATTRIBUTE_MAP,
      pageSize: 3,
    });
    expect(skipped).toEqual([]);
    expect(users.find((u) => u.name === 'jsmith')).toEqual({
      dn: 'CN=Smith\\, John,CN=Users,DC=corp,DC=example,DC=com',
      username: 'Smith, John',
      name: 'jsmith',
      email: 'jsmith@corp.example.com',
      is_active: true,
      groups: ['Developers'],
    });
  });

  test('rotatePassword sets unicodePwd; the user binds with the new password', async () => {
    const result = await new LdapAuthenticator(admin()).rotatePassword('bob', 'Rotated-Passw0rd!');
    expect(result).toEqual({
      dn: 'CN=bob,CN=Users,DC=corp,DC=example,DC=com',
      provider: 'active-directory',
      method: 'unicodePwd',
    });
    expect(await canBind(server.url, 'bob@corp.example.com', 'Rotated-Passw0rd!')).toBe(true);
    expect(await canBind(server.url, 'bob@corp.example.com', 'Bravo-Passw0rd!')).toBe(false);
  });

  test('Infisical: a connection by UPN with the CA rotates a password; without the CA the TLS check fails', async () => {
    const credentials = {
      provider: 'active-directory' as const,
      url: server.ldapsUrl!,
      dn: 'Administrator@corp.example.com',
      password: 'Admin-Passw0rd!',
      sslRejectUnauthorized: true,
      sslCertificate: server.caCertificate,
    };
    const infisical = new LdapAuthenticator({
      ...infisicalConnectionConfig(credentials),
      userdn: 'CN=Users,DC=corp,DC=example,DC=com',
      userattr: 'sAMAccountName',
    });
    const rotated = await infisical.rotatePassword(
      { dn: 'CN=alice,CN=Users,DC=corp,DC=example,DC=com' },
      'Infisical-Rotated-1!',
      { provider: credentials.provider },
    );
    expect(rotated.method).toBe('unicodePwd');
    expect(await canBind(server.url, 'alice@corp.example.com', 'Infisical-Rotated-1!')).toBe(true);

    const { sslCertificate: _, ...withoutCA } = credentials;
    const untrusted = await new LdapAuthenticator(infisicalConnectionConfig(withoutCA))
      .testConnection()
      .catch((e: unknown) => e);
    expect((untrusted as Error).name).toBe('ConnectionError');
    expect((untrusted as Error).message).not.toContain('Admin-Passw0rd!');
    const accepted = await new LdapAuthenticator(
      infisicalConnectionConfig({ ...withoutCA, sslRejectUnauthorized: false }),
    ).testConnection();
    expect(accepted.protection).toBe('ldaps');
  });

  test('a password the domain policy refuses: 19 with the AD text, the password nowhere in the error', async () => {
    const error = await new LdapAuthenticator(admin())
      .rotatePassword('bob', 'weakpw')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DirectoryOperationError);
    expect(error).toMatchObject({ step: 'passwordChange', code: 19 });
    const text = `${(error as Error).message} ${JSON.stringify((error as DirectoryOperationError).toJSON())}`;
    expect(text).not.toContain('weakpw');
    expect(text).not.toContain('Admin-Passw0rd!');
  });
});

describe('TrueCommand group discovery', () => {
  let server: MockServer;
  beforeAll(async () => {
    server = await startMockServer({ profile: 'openldap' });
  });
  afterAll(() => server.stop());

  test('groupOfNames member, groupOfUniqueNames uniqueMember and posixGroup memberUid all count', async () => {
    const authenticator = new LdapAuthenticator(
      {
        ...TRUECOMMAND_GROUPS,
        url: server.url,
        userdn: 'ou=people,dc=example,dc=org',
        userattr: 'uid',
        groupdn: 'ou=groups,dc=example,dc=org',
      },
      { policies: { defaultPolicies: 'viewers', groups: { auditors: { policies: 'audit-team' } } } },
    );
    const bob = await authenticator.login('bob', 'bob-password');
    expect([...bob.groups].sort()).toEqual(['auditors', 'ops']);
    expect(bob.policies).toEqual(['audit-team', 'default', 'viewers']);
    const alice = await authenticator.login('alice', 'alice-password');
    expect(alice.groups).toEqual(['developers']);
    expect(alice.policies).toEqual(['default', 'viewers']);
  });
});
