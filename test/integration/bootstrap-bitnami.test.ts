import { join } from 'node:path';
import { Client } from 'ldapts';
import { describe, expect, it } from 'vitest';
import { BootstrapError, startMockServer } from '../../src/server/index.js';
import { servedFolders } from './served-folders.js';

const { serve, folder } = servedFolders('bitnami');

/** The result code of a bind (0 when it succeeds). */
async function bindCode(url: string, dn: string, password: string): Promise<number> {
  const client = new Client({ url });
  try {
    await client.bind(dn, password);
    return 0;
  } catch (error) {
    return (error as { code: number }).code;
  } finally {
    await client.unbind();
  }
}

describe("bitnami/openldap's default tree", () => {
  it('user01 binds with bitnami1 and is a member of readers; the admin binds with LDAP_ADMIN_PASSWORD and is no entry', async () => {
    const server = await serve({
      bootstrap: { dirs: [], env: { LDAP_ROOT: 'dc=example,dc=org', LDAP_ADMIN_PASSWORD: 'adminpassword' } },
    });
    const user01 = 'cn=user01,ou=users,dc=example,dc=org';
    expect(server.baseDN).toBe('dc=example,dc=org');
    const client = new Client({ url: server.url });
    await client.bind(user01, 'bitnami1');
    const { searchEntries } = await client.search('dc=example,dc=org', {
      filter: `(&(objectClass=groupOfNames)(member=${user01}))`,
      attributes: ['cn'],
    });
    const self = await client.search(user01, { scope: 'base', attributes: ['cn', 'uid', 'uidNumber'] });
    await client.unbind();
    expect(searchEntries).toEqual([{ dn: 'cn=readers,ou=groups,dc=example,dc=org', cn: 'readers' }]);
    // slapd adds the naming value the image leaves out: cn is User1 and user01.
    expect(self.searchEntries).toEqual([
      { dn: user01, cn: ['User1', 'user01'], uid: 'user01', uidNumber: '1000' },
    ]);
    expect(await bindCode(server.url, user01, 'bitnami2')).toBe(49);
    expect(await bindCode(server.url, 'cn=admin,dc=example,dc=org', 'adminpassword')).toBe(0);
    expect(await bindCode(server.url, 'cn=admin,dc=example,dc=org', 'admin')).toBe(49);
    expect(server.directory.get('cn=admin,dc=example,dc=org')).toBeUndefined();
  });

  it('takes LDAP_USERS, LDAP_PASSWORDS, LDAP_GROUP and LDAP_ADMIN_USERNAME under another LDAP_ROOT', async () => {
    const server = await serve({
      bootstrap: {
        dirs: [],
        env: {
          LDAP_ROOT: 'dc=planetexpress,dc=com',
          LDAP_ADMIN_USERNAME: 'hermes',
          LDAP_ADMIN_PASSWORD: 'bureaucrat',
          LDAP_USERS: 'fry,leela',
          LDAP_PASSWORDS: 'fry-pw,leela-pw',
          LDAP_GROUP: 'crew',
        },
      },
    });
    expect(server.rootDN).toBe('cn=hermes,dc=planetexpress,dc=com');
    expect(await bindCode(server.url, 'cn=hermes,dc=planetexpress,dc=com', 'bureaucrat')).toBe(0);
    expect(await bindCode(server.url, 'cn=leela,ou=users,dc=planetexpress,dc=com', 'leela-pw')).toBe(0);
    expect(server.directory.get('cn=crew,ou=groups,dc=planetexpress,dc=com')?.strings('member')).toEqual([
      'cn=fry,ou=users,dc=planetexpress,dc=com',
      'cn=leela,ou=users,dc=planetexpress,dc=com',
    ]);
  });
});

describe('LDAP_CUSTOM_LDIF_DIR and LDAP_CUSTOM_SCHEMA_FILE', () => {
  it('loads the folder instead of the tree, under the custom schema', async () => {
    const schema = folder({
      'custom.ldif': [
        'dn: cn=crew,cn=schema,cn=config',
        'objectClass: olcSchemaConfig',
        'cn: crew',
        "olcAttributeTypes: ( 1.3.6.1.4.1.99999.1.1 NAME 'shipRole' EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )",
        "olcObjectClasses: ( 1.3.6.1.4.1.99999.2.1 NAME 'crewMember' AUXILIARY MAY shipRole )",
        '',
      ].join('\n'),
    });
    const ldifs = folder({
      '01-tree.ldif': [
        'dn: dc=planetexpress,dc=com',
        'objectClass: dcObject',
        'objectClass: organization',
        'dc: planetexpress',
        'o: Planet Express',
        '',
        'dn: uid=fry,dc=planetexpress,dc=com',
        'objectClass: inetOrgPerson',
        'objectClass: crewMember',
        'uid: fry',
        'cn: Philip J. Fry',
        'sn: Fry',
        'shipRole: delivery boy',
        'userPassword: fry',
        '',
      ].join('\n'),
    });
    const server = await serve({
      bootstrap: {
        dirs: [],
        env: {
          LDAP_ROOT: 'dc=planetexpress,dc=com',
          LDAP_CUSTOM_LDIF_DIR: ldifs,
          LDAP_CUSTOM_SCHEMA_FILE: join(schema, 'custom.ldif'),
          LDAP_USERS: 'user01',
          LDAP_PASSWORDS: 'bitnami1',
        },
      },
    });
    expect(server.directory.get('uid=fry,dc=planetexpress,dc=com')?.first('shiprole')).toBe('delivery boy');
    expect(server.directory.get('ou=users,dc=planetexpress,dc=com')).toBeUndefined();
    expect(await bindCode(server.url, 'uid=fry,dc=planetexpress,dc=com', 'fry')).toBe(0);
    expect(server.notices).toEqual([
      'ignored: LDAP_USERS (the folder has files, which it loads instead)',
      'ignored: LDAP_PASSWORDS (the folder has files, which it loads instead)',
    ]);
  });

  it('a schema file that is not there, or users without as many passwords, is an error naming the variable', async () => {
    const error = await startMockServer({
      ldapsPort: null,
      bootstrap: {
        dirs: [],
        env: {
          LDAP_CUSTOM_SCHEMA_FILE: '/nonexistent/custom.ldif',
          LDAP_USERS: 'amy,bender',
          LDAP_PASSWORDS: 'Only-One-Secret',
        },
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BootstrapError);
    expect((error as Error).message).toBe(
      [
        'bitnami/openldap environment:',
        '  LDAP_USERS names 2 users, LDAP_PASSWORDS has 1 passwords: give one password per user',
        '  LDAP_CUSTOM_SCHEMA_FILE=/nonexistent/custom.ldif: no such file',
      ].join('\n'),
    );
  });
});
