/**
 * The OpenLDAP command-line tools against `ldapmock serve --profile ad`, started as a user starts
 * it: each Active Directory behaviour an application meets, seen the way an administrator would
 * check it by hand (AD name forms, account-state `data` codes, tokenGroups, nested groups,
 * MaxPageSize, range retrieval, the unicodePwd TLS rule).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../bench/free-port.js';
import { type DevServerProcess, startDevServer } from './dev-server-process.js';
import { runLdapTool } from './ldap-tool.js';

const BASE = 'DC=corp,DC=example,DC=com';
const ALICE = `CN=alice,CN=Users,${BASE}`;
const ALICE_PW = 'Alpha-Passw0rd!';
const ADMIN = ['-D', 'Administrator@corp.example.com', '-w', 'Admin-Passw0rd!'];

let server: DevServerProcess;
let certDir: string;

beforeAll(async () => {
  certDir = mkdtempSync(join(tmpdir(), 'ldapmock-ad-'));
  server = await startDevServer({
    port: await freePort(),
    ldapsPort: await freePort(),
    certDir,
    extraArgs: ['--profile', 'ad', '--quiet'],
  });
}, 60_000);

afterAll(async () => {
  await server?.stop();
  rmSync(certDir, { recursive: true, force: true });
});

function tool(name: string, args: readonly string[], input?: string) {
  return runLdapTool(name, args, { caFile: server.caFile, ...(input !== undefined && { input }) });
}

/** unicodePwd as AD takes it: the password in double quotes, UTF-16LE, base64 in LDIF. */
function unicodePwd(password: string): string {
  return Buffer.from(`"${password}"`, 'utf16le').toString('base64');
}

describe("ldap-utils against 'ldapmock serve --profile ad'", () => {
  it('binds by UPN, by CORP\\user and by DN; WhoAmI answers u:CORP\\alice', async () => {
    for (const name of ['alice@corp.example.com', 'CORP\\alice', ALICE]) {
      const result = await tool('ldapwhoami', ['-x', '-H', server.url, '-D', name, '-w', ALICE_PW]);
      expect(result.exitCode, result.stderr).toBe(0);
      expect(result.stdout.trim()).toBe('u:CORP\\alice');
    }
  });

  it('a locked account fails with 49 and data 775, even with its right password', async () => {
    const result = await tool('ldapwhoami', [
      '-x',
      '-H',
      server.url,
      '-D',
      'locked@corp.example.com',
      '-w',
      'Lima-Passw0rd!',
    ]);
    expect(result.exitCode).toBe(49);
    expect(result.stderr).toMatch(/AcceptSecurityContext error, data 775/);
  });

  it('a wrong password is data 52e; a disabled account with its password is data 533', async () => {
    const wrong = await tool('ldapwhoami', ['-x', '-H', server.url, '-D', 'CORP\\alice', '-w', 'nope']);
    expect(wrong.stderr).toMatch(/data 52e/);
    const disabled = await tool('ldapwhoami', [
      '-x',
      '-H',
      server.url,
      '-D',
      'disabled@corp.example.com',
      '-w',
      'Delta-Passw0rd!',
    ]);
    expect(disabled.exitCode).toBe(49);
    expect(disabled.stderr).toMatch(/data 533/);
  });

  it('an unbound search below the rootDSE is refused with 1 and 000004DC', async () => {
    const result = await tool('ldapsearch', ['-x', '-LLL', '-H', server.url, '-b', BASE, '-s', 'base']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/000004DC/);
  });

  it('tokenGroups: binary SIDs of every nested group and the primary group, base scope only', async () => {
    const bind = ['-x', '-LLL', '-H', server.url, '-D', 'CORP\\alice', '-w', ALICE_PW];
    const base = await tool('ldapsearch', [...bind, '-b', ALICE, '-s', 'base', 'tokenGroups']);
    expect(base.exitCode, base.stderr).toBe(0);
    const sids = base.stdout.split('\n').filter((line) => line.startsWith('tokenGroups::'));
    // Developers, Engineering (nested) and Domain Users (primary); not the distribution list.
    expect(sids.length).toBeGreaterThanOrEqual(3);
    const subtree = await tool('ldapsearch', [
      ...bind,
      '-b',
      `CN=Users,${BASE}`,
      '(cn=alice)',
      'tokenGroups',
    ]);
    expect(subtree.exitCode).toBe(1);
    expect(subtree.stderr).toMatch(/00002120/);
  });

  it('the in-chain rule 1.2.840.113556.1.4.1941 finds nested groups, and nested members', async () => {
    const bind = ['-x', '-LLL', '-H', server.url, '-D', 'CORP\\alice', '-w', ALICE_PW];
    const groups = await tool('ldapsearch', [
      ...bind,
      '-b',
      BASE,
      `(member:1.2.840.113556.1.4.1941:=${ALICE})`,
      'cn',
    ]);
    expect(groups.stdout).toMatch(/^cn: Engineering$/m);
    expect(groups.stdout).toMatch(/^cn: Developers$/m);
    const members = await tool('ldapsearch', [
      ...bind,
      '-b',
      BASE,
      `(memberOf:1.2.840.113556.1.4.1941:=CN=Engineering,CN=Users,${BASE})`,
      'sAMAccountName',
    ]);
    expect(members.stdout).toMatch(/^sAMAccountName: alice$/m);
  });

  it('an unpaged search stops at MaxPageSize 1000 with code 4; paging returns everything', async () => {
    const bind = ['-x', '-H', server.url, ...ADMIN];
    const unpaged = await tool('ldapsearch', [...bind, '-b', `OU=bulk,${BASE}`, '(objectClass=user)', '1.1']);
    expect(unpaged.exitCode).toBe(4);
    expect(unpaged.stdout.match(/^dn: /gm)?.length).toBe(1000);
    const paged = await tool('ldapsearch', [
      ...bind,
      '-E',
      'pr=500/noprompt',
      '-b',
      `OU=bulk,${BASE}`,
      '(objectClass=user)',
      '1.1',
    ]);
    expect(paged.exitCode, paged.stderr).toBe(0);
    expect(paged.stdout.match(/^dn: /gm)?.length).toBeGreaterThan(1000);
  });

  it('range retrieval: a group over 1500 members comes back as member;range=0-1499, then range=1500-*', async () => {
    const bind = [
      '-x',
      '-LLL',
      '-H',
      server.url,
      ...ADMIN,
      '-b',
      `CN=Big Group,CN=Users,${BASE}`,
      '-s',
      'base',
    ];
    const first = await tool('ldapsearch', [...bind, '(objectClass=*)', 'member']);
    expect(first.stdout).toMatch(/^member;range=0-1499: /m);
    expect(first.stdout.match(/^member;range=0-1499: /gm)?.length).toBe(1500);
    const rest = await tool('ldapsearch', [...bind, '(objectClass=*)', 'member;range=1500-*']);
    expect(rest.stdout.match(/^member;range=1500-\*: /gm)?.length).toBe(100);
  });

  it('unicodePwd over plain LDAP is refused with 53; over LDAPS the reset works and the new password binds', async () => {
    const ldif = `dn: CN=bob,CN=Users,${BASE}\nchangetype: modify\nreplace: unicodePwd\nunicodePwd:: ${unicodePwd('Fresh-Passw0rd!')}\n-\n`;
    const plain = await tool('ldapmodify', ['-x', '-H', server.url, ...ADMIN], ldif);
    expect(plain.exitCode).toBe(53);
    expect(plain.stderr).toMatch(/00002077/);
    const secure = await tool('ldapmodify', ['-x', '-H', server.ldapsUrl, ...ADMIN], ldif);
    expect(secure.exitCode, secure.stderr).toBe(0);
    const bind = await tool('ldapwhoami', [
      '-x',
      '-H',
      server.url,
      '-D',
      'bob@corp.example.com',
      '-w',
      'Fresh-Passw0rd!',
    ]);
    expect(bind.stdout.trim()).toBe('u:CORP\\bob');
  });
});
