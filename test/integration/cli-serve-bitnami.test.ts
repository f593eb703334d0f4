/**
 * `ldapmock serve --env …` with bitnami's variables and no folder: the image's default tree, as
 * `docker run -e LDAP_USERS=… bitnami/openldap` gives it; `--bootstrap-image osixia` overrides
 * the guess.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'ldapts';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { killSpawned, startServe } from './cli-process.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ldapmock-serve-bitnami-'));
});
afterEach(async () => {
  await killSpawned();
  rmSync(dir, { recursive: true, force: true });
});

function serve(args: readonly string[]) {
  return startServe(['--port', '0', '--ldaps-port', '0', '--cert-dir', join(dir, 'certs'), ...args], {
    cwd: dir,
  });
}

describe('serve --env with bitnami variables', () => {
  test('serves the default tree: a user binds with its LDAP_PASSWORDS entry and is in readers', async () => {
    const server = await serve([
      '--env',
      'LDAP_ROOT=dc=acme,dc=com',
      '--env',
      'LDAP_USERS=amy,bender',
      '--env',
      'LDAP_PASSWORDS=amy-pw,bender-pw',
      '--env',
      'LDAP_ADMIN_PASSWORD=acme-admin',
    ]);
    expect(server.baseDN).toBe('dc=acme,dc=com');
    expect(server.adminDN).toBe('cn=admin,dc=acme,dc=com');
    expect(server.stdout()).not.toContain('acme-admin');
    const client = new Client({ url: server.url });
    await client.bind('cn=bender,ou=users,dc=acme,dc=com', 'bender-pw');
    const { searchEntries } = await client.search('dc=acme,dc=com', {
      filter: '(member=cn=bender,ou=users,dc=acme,dc=com)',
      attributes: ['cn'],
    });
    await client.unbind();
    expect(searchEntries).toEqual([{ dn: 'cn=readers,ou=groups,dc=acme,dc=com', cn: 'readers' }]);
    const admin = new Client({ url: server.url });
    await admin.bind('cn=admin,dc=acme,dc=com', 'acme-admin');
    await admin.unbind();
  }, 30_000);

  test("--bootstrap-image osixia keeps osixia's base and admin entries", async () => {
    const server = await serve(['--bootstrap-image', 'osixia', '--env', 'LDAP_ROOT=dc=acme,dc=com']);
    const client = new Client({ url: server.url });
    await client.bind('cn=admin,dc=acme,dc=com', 'admin');
    const { searchEntries } = await client.search('cn=admin,dc=acme,dc=com', {
      scope: 'base',
      attributes: ['description'],
    });
    await client.unbind();
    expect(searchEntries).toEqual([{ dn: 'cn=admin,dc=acme,dc=com', description: 'LDAP administrator' }]);
  }, 30_000);
});
