// `(memberOf=G)` takes its candidates from G's members instead of walking the directory; the
// default fixture (614 entries) is large enough for the indexed path, so these answers come from it.
import { type MockServer, startMockServer } from 'ldapmock';
import { Client } from 'ldapts';
import { afterAll, beforeAll, expect, test } from 'vitest';

const BASE = 'dc=example,dc=org';
const DEVELOPERS = 'cn=developers,ou=groups,dc=example,dc=org';

let server: MockServer;
let client: Client;
beforeAll(async () => {
  server = await startMockServer({ profile: 'openldap' });
  client = new Client({ url: server.url });
  await client.bind('cn=admin,dc=example,dc=org', 'admin');
});
afterAll(async () => {
  await client.unbind();
  await server.stop();
});

async function found(filter: string, base = BASE): Promise<string[]> {
  const { searchEntries } = await client.search(base, { filter, attributes: ['1.1'] });
  return searchEntries.map((e) => e.dn).sort();
}

test('a group’s members, the group named in any spelling', async () => {
  const alice = 'uid=alice,ou=people,dc=example,dc=org';
  expect(await found(`(memberOf=${DEVELOPERS})`)).toHaveLength(2);
  expect(await found(`(memberOf=${DEVELOPERS})`)).toContain(alice);
  expect(await found('(memberOf=CN=Developers, OU=Groups, DC=Example, DC=Org)')).toHaveLength(2);
  expect(await found(`(&(uid=alice)(memberOf=${DEVELOPERS}))`)).toEqual([alice]);
  expect(await found(`(memberOf=${DEVELOPERS})`, 'ou=groups,dc=example,dc=org')).toEqual([]);
});

test('a nested group is a member too; a posixGroup, an unknown group and a non-DN give nothing', async () => {
  expect(await found('(memberOf=cn=engineering,ou=groups,dc=example,dc=org)')).toEqual([DEVELOPERS]);
  expect(await found('(memberOf=cn=ops,ou=groups,dc=example,dc=org)')).toEqual([]);
  expect(await found('(memberOf=cn=nobody,ou=groups,dc=example,dc=org)')).toEqual([]);
  expect(await found('(memberOf=not a dn)')).toEqual([]);
});

test('the indexed answer is the answer of a full walk (an OR is never indexed)', async () => {
  for (const group of [
    DEVELOPERS,
    'cn=engineering,ou=groups,dc=example,dc=org',
    'cn=auditors,ou=groups,dc=example,dc=org',
    'cn=ops,ou=groups,dc=example,dc=org',
  ]) {
    const walked = await found(`(|(memberOf=${group})(objectClass=noSuchClass))`);
    expect(await found(`(memberOf=${group})`)).toEqual(walked);
  }
});
