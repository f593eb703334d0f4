/**
 * A bootstrap folder held to the real thing: rroemhild/test-openldap's folder applied to a real
 * slapd the way its image applies it (slapd as Debian's package leaves it; the config files with
 * `ldapmodify -Y EXTERNAL -H ldapi:///`, in the image's order; the base entry the package creates;
 * then the data files with ldapadd, in name order) and served by `ldapmock serve --bootstrap`:
 * the same probes on both.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../bench/free-port.js';
import { type DevServerProcess, startDevServer } from './dev-server-process.js';
import { runLdapTool } from './ldap-tool.js';
import { type SlapdInstance, startSlapdForSuite } from './slapd.js';

const FOLDER = new URL('../fixtures/bootstrap/rroemhild/', import.meta.url).pathname;
const BASE = 'dc=planetexpress,dc=com';
const SECRET = 'GoodNewsEveryone';
/** What the image's 050-openldap-populate applies, in its order (tls.ldif names certificate files this host lacks; force-starttls only on request). */
const CONFIG_ORDER = ['msad.ldif', 'logging.ldif', 'memberof.ldif'];

let slapd: SlapdInstance;
let mock: DevServerProcess;

beforeAll(async () => {
  const baseEntry = join(tmpdir(), `planetexpress-base-${process.pid}.ldif`);
  // The base entry Debian's package configuration creates from LDAP_DOMAIN and LDAP_ORGANISATION.
  writeFileSync(
    baseEntry,
    `dn: ${BASE}\nobjectClass: top\nobjectClass: dcObject\nobjectClass: organization\no: Planet Express, Inc.\ndc: planetexpress\n`,
  );
  slapd = await startSlapdForSuite('bootstrap-rroemhild', {
    bare: true,
    suffix: BASE,
    rootPassword: SECRET,
    ldif: baseEntry,
  });
  const ldapi = `ldapi://${encodeURIComponent(join(slapd.dir, 'ldapi'))}`;
  for (const file of CONFIG_ORDER) {
    const applied = await runLdapTool(
      'ldapmodify',
      ['-Y', 'EXTERNAL', '-Q', '-H', ldapi, '-f', join(FOLDER, 'config', file)],
      { caFile: slapd.caFile },
    );
    if (applied.exitCode !== 0) throw new Error(`ldapmodify ${file}: ${applied.stderr}`);
  }
  const data = readdirSync(join(FOLDER, 'data'))
    .filter((f) => /_.*\.ldif$/.test(f))
    .sort();
  for (const file of data) {
    const added = await runLdapTool(
      'ldapadd',
      ['-x', '-H', slapd.url, '-D', slapd.rootDN, '-w', SECRET, '-f', join(FOLDER, 'data', file)],
      { caFile: slapd.caFile },
    );
    if (added.exitCode !== 0) throw new Error(`ldapadd ${file}: ${added.stderr}`);
  }
  mock = await startDevServer({
    port: await freePort(),
    ldapsPort: await freePort(),
    certDir: join(slapd.dir, 'mock-certs'),
    extraArgs: [
      '--bootstrap',
      join(FOLDER, 'config'),
      '--bootstrap',
      join(FOLDER, 'data'),
      '--env',
      `LDAP_SECRET=${SECRET}`,
      '--no-control',
      '--quiet',
    ],
  });
}, 180_000);

afterAll(async () => {
  await Promise.all([slapd?.stop(), mock?.stop()]);
});

/** The same observations from a server: memberOf, the crew by memberOf, binds, the Group class. */
async function observe(url: string): Promise<unknown> {
  const admin = new Client({ url });
  await admin.bind(`cn=admin,${BASE}`, SECRET);
  const hermes = await admin.search(`cn=Hermes Conrad,ou=people,${BASE}`, {
    scope: 'base',
    attributes: ['memberOf'],
  });
  const crew = await admin.search(BASE, {
    filter: `(memberOf=cn=ship_crew,ou=people,${BASE})`,
    attributes: ['uid'],
  });
  const groups = await admin.search(BASE, { filter: '(objectClass=Group)', attributes: ['cn', 'groupType'] });
  const refused = await admin
    .add(`cn=nogrouptype,ou=people,${BASE}`, { objectClass: ['top', 'Group'], cn: 'nogrouptype' })
    .then(
      () => 'added',
      (error: { code: number }) => error.code,
    );
  await admin.unbind();
  const fry = new Client({ url });
  const fryBinds = await fry.bind(`cn=Philip J. Fry,ou=people,${BASE}`, 'fry').then(
    () => 'ok',
    (e: { code: number }) => e.code,
  );
  await fry.unbind();
  return {
    hermesMemberOf: hermes.searchEntries[0]?.['memberOf'],
    crew: crew.searchEntries.map((e) => e['uid']).sort(),
    groups: groups.searchEntries.map((e) => [e['cn'], e['groupType']]).sort(),
    groupWithoutGroupType: refused,
    fryBinds,
  };
}

describe("rroemhild/test-openldap's folder", () => {
  it('answers the same from slapd and from ldapmock serve --bootstrap', async () => {
    const real = await observe(slapd.url);
    expect(real).toMatchObject({
      hermesMemberOf: `cn=admin_staff,ou=people,${BASE}`,
      crew: ['bender', 'fry', 'leela'],
      fryBinds: 'ok',
    });
    expect(await observe(mock.url)).toEqual(real);
  });

  it('the mock names what it does not emulate', () => {
    expect(mock.output()).toContain('ignored: olcLogLevel of cn=config in logging.ldif:1');
    expect(readFileSync(join(FOLDER, 'README.md'), 'utf8')).toContain('MIT licence');
  });
});
