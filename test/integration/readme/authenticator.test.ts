import { type MockServer, startMockServer } from 'ldapmock';
import { AccountStateError, LdapAuthenticator } from 'ldapmock/client';
import { afterAll, beforeAll, expect, test } from 'vitest';

let ad: MockServer;
beforeAll(async () => {
  ad = await startMockServer({ profile: 'ad' });
});
afterAll(() => ad.stop());

test('Vault/OpenBao: AD login with tokenGroups, and a locked account', async () => {
  const vault = new LdapAuthenticator(
    {
      url: ['ldap://127.0.0.1:1', ad.url], // failover: the first URL is dead
      starttls: true,
      certificate: ad.caCertificate,
      binddn: 'CN=svc-ldap,CN=Users,DC=corp,DC=example,DC=com',
      bindpass: 'Sierra-Passw0rd!',
      userdn: 'CN=Users,DC=corp,DC=example,DC=com',
      userattr: 'sAMAccountName',
      use_token_groups: true,
    },
    { policies: { groups: { engineering: { policies: 'deploy' } } } },
  );
  const login = await vault.login('alice', 'Alpha-Passw0rd!');
  expect([...login.groups].sort()).toEqual(['Developers', 'Domain Users', 'Engineering', 'Users']);
  expect(login.policies).toEqual(['default', 'deploy']);

  const locked = await vault.login('locked', 'Lima-Passw0rd!').catch((error: unknown) => error);
  expect(locked).toBeInstanceOf(AccountStateError);
  expect(locked).toMatchObject({ state: 'accountLocked', code: 49 });
});
