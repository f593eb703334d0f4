/**
 * bitnami/openldap's start held to a real slapd: the default tree its ldap_create_tree writes
 * (transcribed here by hand from libopenldap.sh for LDAP_USERS=user01,user02 and a custom
 * LDAP_USER_OU) added to slapd with ldapadd, as the image adds it, against ldapmock started from
 * the same variables; and a hashed olcRootPW (slappasswd's {SSHA}) applied to slapd over ldapi and
 * served by ldapmock from the same folder: the right password binds on both, a wrong one gets the
 * same refusal.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockServer, startMockServer } from '../../src/server/index.js';
import { runLdapTool } from './ldap-tool.js';
import { type SlapdInstance, startSlapdForSuite } from './slapd.js';

const ROOT = 'dc=example,dc=org';
const ADMIN = `cn=admin,${ROOT}`;
const ENV = {
  LDAP_ROOT: ROOT,
  LDAP_ADMIN_PASSWORD: 'adminpassword',
  LDAP_USER_OU: 'people',
  LDAP_USERS: 'user01,user02',
  LDAP_PASSWORDS: 'bitnami1,bitnami2',
};
/** What ldap_create_tree writes for ENV: the ous' `ou:` is literal, the users' cn is User<n>. */
const TREE = `dn: ${ROOT}
objectClass: dcObject
objectClass: organization
dc: example
o: example

dn: ou=people,${ROOT}
objectClass: organizationalUnit
ou: users

dn: ou=groups,${ROOT}
objectClass: organizationalUnit
ou: groups

${[1, 2]
  .map(
    (n) => `dn: cn=user0${n},ou=people,${ROOT}
cn: User${n}
sn: Bar${n}
objectClass: inetOrgPerson
objectClass: posixAccount
objectClass: shadowAccount
userPassword: bitnami${n}
uid: user0${n}
uidNumber: ${999 + n}
gidNumber: ${999 + n}
homeDirectory: /home/user0${n}
`,
  )
  .join('\n')}
dn: cn=readers,ou=groups,${ROOT}
cn: readers
objectClass: groupOfNames
member: cn=user01,ou=people,${ROOT}
member: cn=user02,ou=people,${ROOT}
`;

let work: string;
let slapd: SlapdInstance;
const mocks: MockServer[] = [];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'ldapmock-bitnami-real-'));
  const tree = join(work, 'tree.ldif');
  writeFileSync(tree, TREE);
  // bitnami's slapd has no memberof, refint or ppolicy overlay unless asked: Debian's bare one.
  slapd = await startSlapdForSuite('bootstrap-bitnami', {
    bare: true,
    suffix: ROOT,
    rootPassword: ENV.LDAP_ADMIN_PASSWORD,
    ldif: tree,
  });
}, 120_000);

afterAll(async () => {
  await Promise.all([slapd?.stop(), ...mocks.map((m) => m.stop())]);
  rmSync(work, { recursive: true, force: true });
});

async function serve(options: Parameters<typeof startMockServer>[0]): Promise<MockServer> {
  const server = await startMockServer({ ldapsPort: null, ...options });
  mocks.push(server);
  return server;
}

/** The result code and text of a simple bind. */
async function bind(url: string, dn: string, password: string): Promise<string> {
  const client = new Client({ url });
  try {
    await client.bind(dn, password);
    return '0';
  } catch (error) {
    const { code, message } = error as { code: number; message: string };
    return `${code} ${message.replace(/ Code: 0x[0-9a-f]+$/, '')}`.trim();
  } finally {
    await client.unbind();
  }
}

/** Every entry as the rootdn reads it, by DN; userPassword left out (ldapmock hashes it on load). */
async function tree(url: string): Promise<unknown[]> {
  const client = new Client({ url });
  await client.bind(ADMIN, ENV.LDAP_ADMIN_PASSWORD);
  const { searchEntries } = await client.search(ROOT, { attributes: ['*'] });
  await client.unbind();
  return searchEntries
    .map(({ userPassword: _password, ...entry }) => entry)
    .sort((a, b) => (a.dn < b.dn ? -1 : 1));
}

describe("bitnami/openldap's default tree", () => {
  it('holds the same entries in slapd and in ldapmock, and the same binds succeed and fail', async () => {
    const mock = await serve({ bootstrap: { dirs: [], env: ENV } });
    const real = await tree(slapd.url);
    expect(real).toContainEqual(
      expect.objectContaining({ dn: `cn=user01,ou=people,${ROOT}`, cn: ['User1', 'user01'] }),
    );
    expect(real).toContainEqual(
      expect.objectContaining({ dn: `ou=people,${ROOT}`, ou: ['users', 'people'] }),
    );
    expect(await tree(mock.url)).toEqual(real);
    for (const [dn, password] of [
      [`cn=user01,ou=people,${ROOT}`, 'bitnami1'],
      [`cn=user02,ou=people,${ROOT}`, 'bitnami1'],
      [ADMIN, 'adminpassword'],
      [ADMIN, 'admin'],
    ] as const) {
      expect(await bind(mock.url, dn, password), `${dn} / ${password}`).toBe(
        await bind(slapd.url, dn, password),
      );
    }
  });
});

describe('a hashed olcRootPW', () => {
  it('binds with the clear password on slapd and on ldapmock, and both refuse a wrong one alike', async () => {
    const clear = 'Good News, Everyone!';
    const hash = execFileSync('slappasswd', ['-s', clear], { encoding: 'utf8' }).trim();
    expect(hash).toMatch(/^\{SSHA\}/);
    const folder = join(work, 'config');
    execFileSync('mkdir', ['-p', folder]);
    const record = join(folder, '01-rootpw.ldif');
    writeFileSync(
      record,
      `dn: olcDatabase={1}mdb,cn=config\nchangetype: modify\nreplace: olcRootPW\nolcRootPW: ${hash}\n`,
    );
    const ldapi = `ldapi://${encodeURIComponent(join(slapd.dir, 'ldapi'))}`;
    const applied = await runLdapTool('ldapmodify', ['-Y', 'EXTERNAL', '-Q', '-H', ldapi, '-f', record], {
      caFile: slapd.caFile,
    });
    expect(applied.exitCode, applied.stderr).toBe(0);
    // osixia's conventions (no bitnami variable): its base and admin entries, then the folder.
    const mock = await serve({ bootstrap: { dirs: [folder], env: { LDAP_DOMAIN: 'example.org' } } });
    expect(mock.notices).toEqual([]);
    const answers = async (url: string) => ({
      right: await bind(url, ADMIN, clear),
      wrong: await bind(url, ADMIN, 'good news, everyone!'),
      hash: await bind(url, ADMIN, hash),
    });
    const real = await answers(slapd.url);
    expect(real).toEqual({ right: '0', wrong: '49', hash: '49' });
    expect(await answers(mock.url)).toEqual(real);
  });
});
