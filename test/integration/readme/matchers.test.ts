import { startMockServer } from 'ldapmock';
import 'ldapmock/matchers/vitest';
import { Client } from 'ldapts';
import { expect, test } from 'vitest';

test('the app binds over TLS and escapes what the user typed', async () => {
  const server = await startMockServer();
  const client = new Client({ url: server.url }); // your application's LDAP code
  await client.startTLS({ ca: [server.caCertificate] });
  await client.bind(`cn=admin,${server.baseDN}`, 'admin');
  await client.search(`ou=people,${server.baseDN}`, { filter: '(uid=a\\2a)' }); // typed: a*
  await client.unbind();
  expect(server).toHaveBound(`cn=admin,${server.baseDN}`, { overTls: true });
  expect(server).toHaveSearched({ filter: '(uid=a\\2a)', entries: 0 });
  expect(server).not.toHaveReceivedPasswordInClear();
  await server.stop();
});
