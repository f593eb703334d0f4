/**
 * A bootstrap folder's access rules held to real slapd: test/fixtures/bootstrap/access (olcAccess
 * replaced on the data database, a rule inserted at {3}, frontend rules, a little data) applied to
 * slapd the way an image applies it — cn=config over ldapi, the data as the rootdn — and served by
 * ldapmock from the same folder; the same probes on both (access-probes.ts), and the matched DNs
 * slapd hides or sends, read with ldap-utils.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockServer, startMockServer } from '../../src/server/index.js';
import { ACCESS_BASE, MEASURED, observeAccess } from '../integration/access-probes.js';
import { applyFolder } from './apply-folder.js';
import { runLdapTool } from './ldap-tool.js';
import { type SlapdInstance, startSlapdForSuite } from './slapd.js';

const FOLDER = new URL('../fixtures/bootstrap/access/', import.meta.url).pathname;
const ENV = { LDAP_BASE_DN: ACCESS_BASE, LDAP_BACKEND: 'mdb', LDAP_ADMIN_PASSWORD: 'admin' };

let slapd: SlapdInstance;
let mock: MockServer;
let work: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'ldapmock-access-'));
  const empty = join(work, 'empty.ldif');
  writeFileSync(empty, '');
  // The folder has its own base entry: slapd starts empty, as the image does with such a folder.
  slapd = await startSlapdForSuite('bootstrap-access', { bare: true, suffix: ACCESS_BASE, ldif: empty });
  await applyFolder(slapd, FOLDER, ENV);
  mock = await startMockServer({ bootstrap: { dirs: [FOLDER], env: ENV }, ldapsPort: null });
}, 180_000);

afterAll(async () => {
  await Promise.all([slapd?.stop(), mock?.stop()]);
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Result code and matched DN of an operation, as ldap-utils print them. */
async function answers(url: string, caFile: string): Promise<string[]> {
  const alice = ['-D', `uid=alice,ou=people,${ACCESS_BASE}`, '-w', 'alice-password'];
  const found = async (tool: string, args: string[], input?: string) => {
    const result = await runLdapTool(tool, ['-x', '-H', url, ...args], { caFile, ...(input && { input }) });
    const matched = /matched ?DN: (.*)/i.exec(`${result.stdout}${result.stderr}`)?.[1]?.trim() ?? '';
    return `${tool} ${result.exitCode} matched=${matched}`;
  };
  return [
    // A search or compare names the matched entry only where the session may know it exists…
    await found('ldapsearch', ['-b', `uid=x,ou=people,${ACCESS_BASE}`, '-s', 'base']),
    await found('ldapsearch', [...alice, '-b', `cn=x,ou=secret,${ACCESS_BASE}`, '-s', 'base']),
    await found('ldapcompare', [...alice, `cn=x,ou=secret,${ACCESS_BASE}`, 'cn:x']),
    await found('ldapcompare', [...alice, `cn=x,ou=people,${ACCESS_BASE}`, 'cn:x']),
    // …while back-mdb's delete and modify name it regardless.
    await found('ldapdelete', [...alice, `cn=x,ou=secret,${ACCESS_BASE}`]),
    await found(
      'ldapmodify',
      alice,
      `dn: cn=x,ou=secret,${ACCESS_BASE}\nchangetype: modify\nreplace: cn\ncn: x\n`,
    ),
  ];
}

describe('a bootstrap folder with olcAccess rules', () => {
  it('is answered by ldapmock as by slapd: searches, binds, compares and writes under the rules', async () => {
    const real = await observeAccess(slapd.url);
    expect(real).toEqual(MEASURED);
    expect(await observeAccess(mock.url)).toEqual(real);
    expect(mock.notices).toEqual([]);
  });

  it('hides a matched DN from a search or a compare without disclose access, as slapd does', async () => {
    const real = await answers(slapd.url, slapd.caFile);
    expect(real).toEqual([
      `ldapsearch 32 matched=ou=people,${ACCESS_BASE}`,
      'ldapsearch 32 matched=',
      'ldapcompare 32 matched=',
      `ldapcompare 32 matched=ou=people,${ACCESS_BASE}`,
      `ldapdelete 32 matched=ou=secret,${ACCESS_BASE}`,
      `ldapmodify 32 matched=ou=secret,${ACCESS_BASE}`,
    ]);
    // Plain ldap:// to both: the CA file is only what the tools insist on being given.
    expect(await answers(mock.url, slapd.caFile)).toEqual(real);
  });
});
