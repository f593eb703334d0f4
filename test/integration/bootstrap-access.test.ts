import { join } from 'node:path';
import { Client } from 'ldapts';
import { describe, expect, it } from 'vitest';
import type { MockServer } from '../../src/server/index.js';
import { ACCESS_BASE, MEASURED, observeAccess } from './access-probes.js';
import { servedFolders } from './served-folders.js';

const FOLDER = new URL('../fixtures/bootstrap/access/', import.meta.url).pathname;
const { serve, folder } = servedFolders('access');

const DATA = `dn: dc=example,dc=org
objectClass: dcObject
objectClass: organization
o: Example
dc: example

dn: uid=alice,dc=example,dc=org
objectClass: inetOrgPerson
uid: alice
cn: Alice
sn: A
userPassword: alice-password
`;

/** What an anonymous session reads of alice: her attributes, or the error code. */
async function anonymousView(server: MockServer): Promise<unknown> {
  const client = new Client({ url: server.url });
  try {
    const { searchEntries } = await client.search('uid=alice,dc=example,dc=org', {
      scope: 'base',
      attributes: ['cn', 'userPassword'],
    });
    // Passwords are stored hashed (ppolicy's olcPPolicyHashCleartext): whether one is read is what counts.
    return searchEntries.map((e) => ({ cn: e['cn'], password: String(e['userPassword']) !== '' }));
  } catch (error) {
    return (error as { code: number }).code;
  } finally {
    await client.unbind();
  }
}

describe('olcAccess in a bootstrap folder', () => {
  it('answers as slapd did with the access folder', async () => {
    const server = await serve({
      bootstrap: { dirs: [FOLDER], env: { LDAP_BASE_DN: ACCESS_BASE, LDAP_ADMIN_PASSWORD: 'admin' } },
    });
    expect(server.notices).toEqual([]);
    expect(await observeAccess(server.url)).toEqual(MEASURED);
    // A search's matched DN only where anonymous may know the entry (disclose): not in ou=secret.
    const anonymous = new Client({ url: server.url });
    for (const base of [`uid=x,ou=people,${ACCESS_BASE}`, `cn=x,ou=secret,${ACCESS_BASE}`]) {
      await anonymous.search(base, { scope: 'base' }).catch(() => undefined);
    }
    await anonymous.unbind();
    const searches = server.journal.all().filter((o) => o.operation === 'search');
    expect(searches.slice(-2).map((o) => [o.code, o.matchedDN ?? ''])).toEqual([
      [32, `ou=people,${ACCESS_BASE}`],
      [32, ''],
    ]);
  });

  it('names a rule it cannot read and the config database`s rules, with file:line, and takes the rest', async () => {
    const dir = folder({
      '01-acl.ldif': `dn: olcDatabase={1}{{ LDAP_BACKEND }},cn=config
changetype: modify
add: olcAccess
olcAccess: {0}to * by peername.ip=127.0.0.1 read
olcAccess: {1}to attrs=cn by * none

dn: olcDatabase={0}config,cn=config
changetype: modify
add: olcAccess
olcAccess: to * by * none
`,
      '10-data.ldif': DATA,
    });
    const server = await serve({ bootstrap: { dirs: [dir] } });
    expect(server.notices).toEqual([
      'ignored: the access rule "to * by peername.ip=127.0.0.1 read" of olcDatabase={1}mdb,cn=config in 01-acl.ldif:1: "by peername.ip=127.0.0.1" is not a <who> form the mock evaluates',
      'ignored: olcAccess of olcDatabase={0}config,cn=config in 01-acl.ldif:7',
    ]);
    // {1} went in before the image's two rules: cn is hidden, the password still auth only.
    expect(await anonymousView(server)).toEqual([{ cn: [], password: false }]);
  });

  it('without any rule left (delete: olcAccess), slapd`s default read applies to every attribute', async () => {
    const dir = folder({
      '01-acl.ldif': 'dn: olcDatabase={1}mdb,cn=config\nchangetype: modify\ndelete: olcAccess\n',
      '10-data.ldif': DATA,
    });
    const server = await serve({ bootstrap: { dirs: [dir] } });
    expect(await anonymousView(server)).toEqual([{ cn: 'Alice', password: true }]);
  });

  it('takes the frontend`s rules after the database`s', async () => {
    const dir = folder({
      '01-acl.ldif': `dn: olcDatabase={1}mdb,cn=config
changetype: modify
replace: olcAccess
olcAccess: to attrs=userPassword by anonymous auth by * none

dn: olcDatabase={-1}frontend,cn=config
changetype: modify
add: olcAccess
olcAccess: to * by users read
`,
      '10-data.ldif': DATA,
    });
    const server = await serve({ bootstrap: { dirs: [dir] } });
    // Anonymous may not search the entry (the frontend gives users only): 32, as slapd hides it.
    expect(await anonymousView(server)).toBe(32);
    const alice = new Client({ url: server.url });
    await alice.bind('uid=alice,dc=example,dc=org', 'alice-password');
    const { searchEntries } = await alice.search('uid=alice,dc=example,dc=org', {
      scope: 'base',
      attributes: ['cn', 'userPassword'],
    });
    await alice.unbind();
    expect(searchEntries.map((e) => [e['cn'], e['userPassword']])).toEqual([['Alice', []]]);
  });
});

describe('access in a slapd.conf', () => {
  it('takes the database`s and the global rules (continued lines too) and names one it cannot read', async () => {
    const dir = folder({
      'slapd.conf': `access to * by users read

database config
access to * by * none

database mdb
suffix "dc=example,dc=org"
rootdn "cn=admin,dc=example,dc=org"
rootpw secret
access to attrs=userPassword
        by self write
        by anonymous auth
        by * none
access to * by ssf=128 read
access to attrs=cn by users read by * none
`,
      'data.ldif': DATA,
    });
    const server = await serve({ slapdConf: join(dir, 'slapd.conf'), ldif: [join(dir, 'data.ldif')] });
    expect(server.notices).toEqual([
      'ignored: access of database config in slapd.conf:4',
      'ignored: the access rule "access to * by ssf=128 read" of database mdb in slapd.conf:14: "by ssf=128" is not a <who> form the mock evaluates',
    ]);
    // Anonymous: the database's rules say nothing of the entry, the global one gives users only.
    const anonymous = new Client({ url: server.url });
    const error = await anonymous
      .search('uid=alice,dc=example,dc=org', { scope: 'base' })
      .catch((e: { code: number }) => e.code);
    await anonymous.unbind();
    expect(error).toBe(32);
    const alice = new Client({ url: server.url });
    await alice.bind('uid=alice,dc=example,dc=org', 'alice-password');
    const own = await alice.search('uid=alice,dc=example,dc=org', {
      scope: 'base',
      attributes: ['cn', 'sn'],
    });
    await alice.unbind();
    // alice binds (auth, from the continued rule), reads cn by the database's rule, sn by the global one.
    expect(own.searchEntries).toEqual([{ dn: 'uid=alice,dc=example,dc=org', cn: 'Alice', sn: 'A' }]);
  });
});
