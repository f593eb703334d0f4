/**
 * Servers on the same fixture start from one parsed, built directory (fixture-cache.ts). Each
 * must still be its own: a write on one is never seen by another, and a build under other rules
 * (schema checking, the rootdn, the profile) is never reused.
 */
import { Client } from 'ldapts';
import { afterEach, describe, expect, test } from 'vitest';
import { type MockServer, startMockServer } from '../../src/server/index.js';

const servers: MockServer[] = [];
async function start(options: Parameters<typeof startMockServer>[0] = {}): Promise<MockServer> {
  const server = await startMockServer({ ldapsPort: null, ...options });
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

const people = 'ou=people,dc=example,dc=org';
const carol = { objectClass: ['inetOrgPerson'], uid: ['carol'], cn: ['Carol'], sn: ['C'] };

async function uids(server: MockServer): Promise<string[]> {
  const client = new Client({ url: server.url });
  try {
    await client.bind('cn=admin,dc=example,dc=org', 'admin');
    const { searchEntries } = await client.search(people, { scope: 'one', filter: '(uid=carol)' });
    return searchEntries.map((e) => String(e['uid']));
  } finally {
    await client.unbind();
  }
}

describe('servers started from the same fixture', () => {
  test('a write on one server is not seen by another, started before or after it', async () => {
    const first = await start();
    const second = await start();
    const client = new Client({ url: first.url });
    await client.bind('cn=admin,dc=example,dc=org', 'admin');
    await client.add(`uid=carol,${people}`, carol);
    await client.unbind();
    const third = await start();
    expect(await uids(first)).toStrictEqual(['carol']);
    expect(await uids(second)).toStrictEqual([]);
    expect(await uids(third)).toStrictEqual([]);
    // reset() goes back to the fixture, not to another server's state.
    await first.reset();
    expect(await uids(first)).toStrictEqual([]);
  });

  test('the same text under other rules is built again: strict schema refuses what lenient took', async () => {
    const ldif = [
      'dn: dc=example,dc=org',
      'objectClass: dcObject',
      'objectClass: organization',
      'dc: example',
      'o: Example',
      'fooBarBaz: not in any schema',
      '',
    ].join('\n');
    const lenient = await start({ ldif: [ldif], strictSchema: false });
    expect(lenient.directory.get('dc=example,dc=org')).toBeDefined();
    await expect(start({ ldif: [ldif] })).rejects.toThrow(/fooBarBaz/);
  });

  test('another rootdn stamps its own creatorsName; another profile builds its own entries', async () => {
    const ldif =
      'dn: dc=example,dc=org\nobjectClass: dcObject\nobjectClass: organization\ndc: example\no: Example\n';
    const one = await start({ ldif: [ldif] });
    const other = await start({ ldif: [ldif], rootDN: 'cn=manager,dc=example,dc=org' });
    const creator = (server: MockServer) =>
      server.directory.get('dc=example,dc=org')?.attributes.get('creatorsname')?.values[0];
    expect(creator(one)).toBe('cn=admin,dc=example,dc=org');
    expect(creator(other)).toBe('cn=manager,dc=example,dc=org');
  });
});
