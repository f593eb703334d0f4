/**
 * bitnami/openldap's first start from its environment (libopenldap.sh): when its conventions
 * apply, the default tree its ldap_create_tree writes, the custom LDIF and schema folders, and
 * the variables it refuses to start with — each named, no password in any message.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readLdif } from '../../../src/core/ldif-reader.js';
import { bitnamiStart, bootstrapImage } from '../../../src/server/bootstrap/bitnami-image.js';
import { BootstrapError } from '../../../src/server/bootstrap/bootstrap-error.js';
import { readBootstrap } from '../../../src/server/bootstrap/bootstrap-folder.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function folder(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'ldapmock-bitnami-'));
  made.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** The tree bitnamiStart writes, read back as `dn → {attribute: values}`. */
function shape(env: Record<string, string>) {
  const { records, errors } = readLdif(bitnamiStart([], env).tree ?? '');
  expect(errors).toEqual([]);
  return Object.fromEntries(
    records.map((r) => [
      r.dn,
      Object.fromEntries(
        (r.kind === 'content' ? r.attributes : []).map((a) => [a.type, a.values.map(String)]),
      ),
    ]),
  );
}

describe('which image', () => {
  it("is bitnami's when a variable only bitnami reads is set, osixia's otherwise, and the option wins", () => {
    expect(bootstrapImage(undefined, { LDAP_ROOT: 'dc=acme,dc=com' })).toBe('bitnami');
    expect(bootstrapImage(undefined, { LDAP_USERS: 'amy' })).toBe('bitnami');
    expect(bootstrapImage(undefined, { LDAP_DOMAIN: 'acme.com', LDAP_ADMIN_PASSWORD: 'x' })).toBe('osixia');
    expect(bootstrapImage(undefined, { LDAP_ROOT: '' })).toBe('osixia');
    expect(bootstrapImage('osixia', { LDAP_ROOT: 'dc=acme,dc=com' })).toBe('osixia');
    expect(bootstrapImage('bitnami', {})).toBe('bitnami');
    expect(() => bootstrapImage('debian', {})).toThrow(
      "bootstrap.image: expected 'osixia' or 'bitnami', got \"debian\"",
    );
  });
});

describe("bitnami's default tree", () => {
  it('with no variables: dc=example,dc=org, two users in ou=users, readers in ou=groups', () => {
    expect(shape({})).toEqual({
      'dc=example,dc=org': { objectClass: ['dcObject', 'organization'], dc: ['example'], o: ['example'] },
      'ou=users,dc=example,dc=org': { objectClass: ['organizationalUnit'], ou: ['users'] },
      'ou=groups,dc=example,dc=org': { objectClass: ['organizationalUnit'], ou: ['groups'] },
      'cn=user01,ou=users,dc=example,dc=org': {
        cn: ['User1'],
        sn: ['Bar1'],
        objectClass: ['inetOrgPerson', 'posixAccount', 'shadowAccount'],
        userPassword: ['bitnami1'],
        uid: ['user01'],
        uidNumber: ['1000'],
        gidNumber: ['1000'],
        homeDirectory: ['/home/user01'],
      },
      'cn=user02,ou=users,dc=example,dc=org': {
        cn: ['User2'],
        sn: ['Bar2'],
        objectClass: ['inetOrgPerson', 'posixAccount', 'shadowAccount'],
        userPassword: ['bitnami2'],
        uid: ['user02'],
        uidNumber: ['1001'],
        gidNumber: ['1001'],
        homeDirectory: ['/home/user02'],
      },
      'cn=readers,ou=groups,dc=example,dc=org': {
        cn: ['readers'],
        objectClass: ['groupOfNames'],
        member: ['cn=user01,ou=users,dc=example,dc=org', 'cn=user02,ou=users,dc=example,dc=org'],
      },
    });
  });

  it('takes LDAP_ROOT (its first dc= and o=), LDAP_USER_OU, LDAP_GROUP_OU and LDAP_GROUP; the ous keep their literal ou', () => {
    const tree = shape({
      LDAP_ROOT: 'o=Acme;dc=acme,dc=com',
      LDAP_USERS: 'amy; bender',
      LDAP_PASSWORDS: 'p1,p2',
      LDAP_USER_OU: 'people',
      LDAP_GROUP_OU: 'teams',
      LDAP_GROUP: 'crew',
    });
    expect(Object.keys(tree)).toEqual([
      'o=Acme;dc=acme,dc=com',
      'ou=people,o=Acme;dc=acme,dc=com',
      'ou=teams,o=Acme;dc=acme,dc=com',
      'cn=amy,ou=people,o=Acme;dc=acme,dc=com',
      'cn=bender,ou=people,o=Acme;dc=acme,dc=com',
      'cn=crew,ou=teams,o=Acme;dc=acme,dc=com',
    ]);
    expect(tree['o=Acme;dc=acme,dc=com']).toMatchObject({ dc: ['acme'], o: ['Acme'] });
    expect(tree['ou=people,o=Acme;dc=acme,dc=com']).toMatchObject({ ou: ['users'] });
    expect(tree['cn=bender,ou=people,o=Acme;dc=acme,dc=com']).toMatchObject({
      cn: ['User2'],
      userPassword: ['p2'],
      uidNumber: ['1001'],
    });
    expect(tree['cn=crew,ou=teams,o=Acme;dc=acme,dc=com']!['member']).toEqual([
      'cn=amy,ou=people,o=Acme;dc=acme,dc=com',
      'cn=bender,ou=people,o=Acme;dc=acme,dc=com',
    ]);
  });

  it('LDAP_USER_DC alone puts users and the group in one ou, as the images before LDAP_USER_OU did', () => {
    expect(Object.keys(shape({ LDAP_USER_DC: 'staff' }))).toEqual([
      'dc=example,dc=org',
      'ou=staff,dc=example,dc=org',
      'cn=user01,ou=staff,dc=example,dc=org',
      'cn=user02,ou=staff,dc=example,dc=org',
      'cn=readers,ou=staff,dc=example,dc=org',
    ]);
  });
});

describe("bitnami's start", () => {
  it('the rootdn is cn=LDAP_ADMIN_USERNAME under LDAP_ROOT, adminpassword by default, or read from LDAP_ADMIN_PASSWORD_FILE', () => {
    const plain = bitnamiStart([], {});
    expect([plain.baseDN, plain.rootDN, plain.rootPassword]).toEqual([
      'dc=example,dc=org',
      'cn=admin,dc=example,dc=org',
      'adminpassword',
    ]);
    const secrets = folder({ admin: 's3cret\n\n' });
    const named = bitnamiStart([], {
      LDAP_ROOT: 'dc=acme,dc=com',
      LDAP_ADMIN_USERNAME: 'boss',
      LDAP_ADMIN_PASSWORD: 'ignored',
      LDAP_ADMIN_PASSWORD_FILE: join(secrets, 'admin'),
    });
    expect([named.rootDN, named.rootPassword]).toEqual(['cn=boss,dc=acme,dc=com', 's3cret']);
  });

  it('builds its tree only when no folder holds anything and LDAP_SKIP_DEFAULT_TREE is not yes', () => {
    expect(bitnamiStart([folder()], {}).tree).toContain('dn: cn=readers,ou=groups,dc=example,dc=org');
    expect(bitnamiStart([folder({ 'README.md': 'not LDIF' })], {}).tree).toBeUndefined();
    expect(bitnamiStart([], { LDAP_SKIP_DEFAULT_TREE: 'yes' }).tree).toBeUndefined();
    const custom = folder({ '01.ldif': 'dn: dc=example,dc=org\n' });
    const start = bitnamiStart([], { LDAP_CUSTOM_LDIF_DIR: custom, LDAP_USERS: 'amy', LDAP_PASSWORDS: 'x' });
    expect([start.dirs, start.tree]).toEqual([[custom], undefined]);
    expect(start.notices).toEqual([
      'ignored: LDAP_USERS (the folder has files, which it loads instead)',
      'ignored: LDAP_PASSWORDS (the folder has files, which it loads instead)',
    ]);
  });

  it('takes LDAP_CUSTOM_SCHEMA_FILE, then the *.ldif of LDAP_CUSTOM_SCHEMA_DIR in name order', () => {
    const file = join(folder({ 'custom.ldif': 'x' }), 'custom.ldif');
    const dir = folder({ 'b.LDIF': 'x', 'a.ldif': 'x', 'notes.txt': 'x' });
    mkdirSync(join(dir, 'sub.ldif'));
    expect(bitnamiStart([], { LDAP_CUSTOM_SCHEMA_FILE: file, LDAP_CUSTOM_SCHEMA_DIR: dir }).schema).toEqual([
      file,
      join(dir, 'a.ldif'),
      join(dir, 'b.LDIF'),
    ]);
  });

  it('refuses what the image refuses, and paths that are not there, naming each variable and no password', () => {
    let error: unknown;
    try {
      bitnamiStart([], {
        LDAP_USERS: 'amy,bender,fry',
        LDAP_PASSWORDS: 'Secret-1,Secret-2',
        LDAP_SKIP_DEFAULT_TREE: 'maybe',
        LDAP_CUSTOM_LDIF_DIR: '/nonexistent/ldifs',
        LDAP_CUSTOM_SCHEMA_FILE: '/nonexistent/custom.ldif',
        LDAP_CUSTOM_SCHEMA_DIR: '/nonexistent/schemas',
        LDAP_ADMIN_PASSWORD_FILE: '/nonexistent/admin',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(BootstrapError);
    expect((error as BootstrapError).problems).toEqual([
      'LDAP_SKIP_DEFAULT_TREE=maybe: expected yes or no',
      'LDAP_USERS names 3 users, LDAP_PASSWORDS has 2 passwords: give one password per user',
      'LDAP_ADMIN_PASSWORD_FILE=/nonexistent/admin: cannot read: ENOENT',
      'LDAP_CUSTOM_LDIF_DIR=/nonexistent/ldifs: no such folder',
      'LDAP_CUSTOM_SCHEMA_FILE=/nonexistent/custom.ldif: no such file',
      'LDAP_CUSTOM_SCHEMA_DIR=/nonexistent/schemas: no such folder',
    ]);
    expect((error as Error).message).not.toMatch(/Secret-/);
  });

  it('names the variables it sets up something for that is not emulated', () => {
    expect(
      bitnamiStart([], {
        LDAP_ENABLE_TLS: 'yes',
        LDAP_ALLOW_ANON_BINDING: 'no',
        LDAP_CONFIGURE_PPOLICY: 'no',
        LDAP_EXTRA_SCHEMAS: 'cosine,inetorgperson,nis,dyngroup',
        LDAP_PASSWORD_HASH: '{SSHA}',
        LDAP_PORT_NUMBER: '389',
        LDAP_LDAPS_PORT_NUMBER: '1636',
      }).notices,
    ).toEqual([
      'ignored: LDAP_ENABLE_TLS=yes',
      'ignored: LDAP_ALLOW_ANON_BINDING=no',
      'ignored: dyngroup of LDAP_EXTRA_SCHEMAS (give their LDIF as LDAP_CUSTOM_SCHEMA_DIR)',
      'ignored: LDAP_PORT_NUMBER=389 (ldapmock listens where --port says)',
    ]);
  });
});

describe('readBootstrap with bitnami conventions', () => {
  it('puts the default tree first and no admin entry; the rootdn binds with LDAP_ADMIN_PASSWORD', () => {
    const read = readBootstrap(
      { dirs: [], env: { LDAP_ROOT: 'dc=acme,dc=com', LDAP_ADMIN_PASSWORD: 'pw' } },
      {},
    );
    expect(read.ldif.map((s) => s.name)).toEqual(['<bitnami/openldap default tree>']);
    expect(String(read.ldif[0]!.text)).not.toContain('cn=admin');
    expect([read.rootDN, read.rootPassword]).toEqual(['cn=admin,dc=acme,dc=com', 'pw']);
  });

  it('loads a folder with data as it is: no tree, no base entry of its own', () => {
    const dir = folder({
      '01-people.ldif': 'dn: ou=people,dc=acme,dc=com\nobjectClass: organizationalUnit\n',
    });
    const read = readBootstrap({ dirs: [dir], env: { LDAP_ROOT: 'dc=acme,dc=com' } }, {});
    expect(read.ldif.map((s) => s.name)).toEqual([join(dir, '01-people.ldif')]);
  });

  it("an admin password that looks like a hash is still the password (the image hashes it), as is osixia's", () => {
    const bitnami = readBootstrap(
      { dirs: [], env: { LDAP_USERS: 'a', LDAP_PASSWORDS: 'b', LDAP_ADMIN_PASSWORD: '{SSHA}abc' } },
      {},
    );
    const osixia = readBootstrap(
      { dirs: [], env: { LDAP_DOMAIN: 'acme.com', LDAP_ADMIN_PASSWORD: '{MD5}abc' } },
      {},
    );
    for (const rootpw of [bitnami.rootPassword, osixia.rootPassword]) expect(rootpw).toMatch(/^\{SSHA\}/);
  });
});
