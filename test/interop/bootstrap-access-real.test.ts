import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockServer, startMockServer } from '../../src/server/index.js';
import { ACCESS_BASE, MEASURED, observeAccess } from '../integration/access-probes.js';
import { applyFolder, startImageSlapd } from './apply-folder.js';
import { runLdapTool } from './ldap-tool.js';
import type { SlapdInstance } from './slapd.js';

const FOLDER = new URL('../fixtures/bootstrap/access/', import.meta.url).pathname;
const ENV = { LDAP_BASE_DN: ACCESS_BASE, LDAP_BACKEND: 'mdb', LDAP_ADMIN_PASSWORD: 'admin' };

let slapd: SlapdInstance;
let mock: MockServer;

beforeAll(async () => {
  // The folder has its own base entry: slapd starts empty, as the image does with such a folder.
  slapd = await startImageSlapd('bootstrap-access', ACCESS_BASE, { base: false });
  await applyFolder(slapd, FOLDER, ENV);
  mock = await startMockServer({ bootstrap: { dirs: [FOLDER], env: ENV }, ldapsPort: null });
}, 180_000);

afterAll(async () => {
  await Promise.all([slapd?.stop(), mock?.stop()]);
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
