/**
 * Bootstrap folders of the OpenLDAP images: applied in name order with their templates filled,
 * cn=config schema records added to the schema, the database's rootpw taken, every other setting
 * named with its file:line, and the image's own base and administrator entries created.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Attribute, Change, Client } from 'ldapts';
import { describe, expect, it } from 'vitest';
import { BootstrapError, FixtureError, startMockServer } from '../../src/server/index.js';
import {
  generateCA,
  issueClientCertificate,
  issueServerCertificate,
} from '../../src/server/tls/certificates.js';
import { servedFolders } from './served-folders.js';

const folder = new URL('../fixtures/bootstrap/osixia-style/', import.meta.url).pathname;
const { serve } = servedFolders('bootstrap');

describe("rroemhild/test-openldap's folder, served as it is", () => {
  const rroemhild = new URL('../fixtures/bootstrap/rroemhild/', import.meta.url).pathname;
  const base = 'dc=planetexpress,dc=com';
  const person = (cn: string) => `cn=${cn},ou=people,${base}`;

  it('loads its Group class under strict schema; memberOf follows Group/member as its memberof overlay says', async () => {
    const server = await serve({
      bootstrap: {
        dirs: [`${rroemhild}config`, `${rroemhild}data`],
        env: { LDAP_SECRET: 'GoodNewsEveryone' },
      },
    });
    expect(server.baseDN).toBe(base);
    const client = new Client({ url: server.url });
    await client.bind(`cn=admin,${base}`, 'GoodNewsEveryone');
    const hermes = await client.search(person('Hermes Conrad'), { scope: 'base', attributes: ['memberOf'] });
    expect(hermes.searchEntries[0]!['memberOf']).toBe(`cn=admin_staff,ou=people,${base}`);
    const crew = await client.search(base, {
      filter: `(memberOf=cn=ship_crew,ou=people,${base})`,
      attributes: ['uid'],
    });
    expect(crew.searchEntries.map((e) => e['uid']).sort()).toEqual(['bender', 'fry', 'leela']);
    await client.unbind();
    // Its users log in with the passwords the image's README gives.
    const fry = new Client({ url: server.url });
    await fry.bind(person('Philip J. Fry'), 'fry');
    await fry.unbind();
    // What it sets that is not emulated is named, file:line; module loads and the settings the
    // profile has anyway (TLSVerifyClient never, memberof's refint and dangling) are not.
    expect(server.notices).toEqual([
      'ignored: olcRootPW of olcDatabase={0}config,cn=config in configadminpw.ldif:1',
      'ignored: olcSecurity of cn=config in force-starttls.ldif:1',
      'ignored: olcLogLevel of cn=config in logging.ldif:1',
      'ignored: olcTLSCertificateFile /etc/ldap/ssl/ldap.crt in tls.ldif:1: no such file here; the generated certificate serves',
      'ignored: olcTLSCertificateKeyFile /etc/ldap/ssl/ldap.key in tls.ldif:1: no such file here; the generated certificate serves',
    ]);
  });
});

describe('an osixia-style bootstrap folder', () => {
  it('serves its data under the templated base, with its schema, its admin password and the image entries', async () => {
    const server = await serve({
      bootstrap: {
        dirs: [folder],
        env: { LDAP_DOMAIN: 'planetexpress.com', LDAP_ADMIN_PASSWORD: 'GoodNewsEveryone' },
      },
    });
    expect(server.baseDN).toBe('dc=planetexpress,dc=com');
    expect(server.rootDN).toBe('cn=admin,dc=planetexpress,dc=com');
    const client = new Client({ url: server.url });
    await client.bind('cn=admin,dc=planetexpress,dc=com', 'GoodNewsEveryone');
    const { searchEntries } = await client.search('dc=planetexpress,dc=com', {
      filter: '(appRole=bureau*)',
      attributes: ['uid', 'description'],
    });
    await client.unbind();
    expect(searchEntries).toEqual([
      {
        dn: 'uid=hermes,ou=people,dc=planetexpress,dc=com',
        uid: 'hermes',
        description: 'Grade 36 bureaucrat',
      },
    ]);
    expect(server.directory.get('cn=admin,dc=planetexpress,dc=com')?.first('description')).toBe(
      'LDAP administrator',
    );
    expect(server.notices).toEqual([
      `ignored: olcDbIndex of olcDatabase={1}mdb,cn=config in 02-config.ldif:2`,
      // The mock keeps no count of sorted searches in progress.
      'ignored: olcSssVlvMax of olcOverlay={2}sssvlv,olcDatabase={1}mdb,cn=config in 04-sssvlv-unique.ldif:8',
    ]);
    expect(server.profile.limits.sizeLimit).toBe(1000);
    expect(server.profile.sortedViews).toEqual({ maxKeys: 3 });
    expect(server.profile.unique).toEqual([
      { strict: false, ignore: false, uris: [{ scope: 'sub', attributes: ['mail'] }] },
    ]);
  });

  it('configures memberof (groupOfUniqueNames) and ppolicy (its default policy under ou=pwpolicies) as slapd would', async () => {
    const server = await serve({ bootstrap: { dirs: [folder], env: { LDAP_DOMAIN: 'planetexpress.com' } } });
    const hermes = 'uid=hermes,ou=people,dc=planetexpress,dc=com';
    const staff = 'cn=admin_staff,ou=groups,dc=planetexpress,dc=com';
    const client = new Client({ url: server.url });
    await client.bind(hermes, 'hermes');
    const { searchEntries } = await client.search('dc=planetexpress,dc=com', {
      filter: `(memberOf=${staff})`,
      attributes: ['memberOf'],
    });
    expect(searchEntries).toEqual([{ dn: hermes, memberOf: staff }]);
    const refused = await client
      .modify(hermes, [
        new Change({
          operation: 'replace',
          modification: new Attribute({ type: 'userPassword', values: ['abc1'] }),
        }),
      ])
      .then(
        () => 'accepted',
        (error: { code: number; message: string }) => `${error.code} ${error.message}`,
      );
    await client.unbind();
    expect(refused).toMatch(/^19 Password fails quality checking policy/);
  });

  it("takes cn=config's TLSVerifyClient and AuthzRegexp: SASL EXTERNAL with a client certificate", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ldapmock-bootstrap-tls-'));
    try {
      writeFileSync(
        join(dir, '01-tls.ldif'),
        [
          'dn: cn=config',
          'changetype: modify',
          'replace: olcTLSVerifyClient',
          'olcTLSVerifyClient: allow',
          '-',
          'add: olcAuthzRegexp',
          'olcAuthzRegexp: "^cn=([^,]+)$" "uid=$1,ou=people,{{ LDAP_BASE_DN }}"',
          '',
        ].join('\n'),
      );
      const ca = generateCA();
      const server = await serve({ certificateAuthority: ca, bootstrap: { dirs: [dir, folder] } });
      const client = new Client({ url: server.url });
      await client.startTLS({ ca: [ca.cert], ...issueClientCertificate(ca, 'hermes') });
      await client.bind('EXTERNAL');
      const { value } = await client.exop('1.3.6.1.4.1.4203.1.11.3');
      await client.unbind();
      expect(String(value)).toBe('dn:uid=hermes,ou=people,dc=example,dc=org');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('serves the certificate cn=config names when its files are here (paths relative to the folder)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ldapmock-bootstrap-certs-'));
    try {
      const folderCA = generateCA();
      const issued = issueServerCertificate(folderCA);
      writeFileSync(join(dir, 'server.crt'), issued.cert);
      writeFileSync(join(dir, 'server.key'), issued.key);
      writeFileSync(join(dir, 'ca.crt'), folderCA.cert);
      const tlsRecord = (key: string) =>
        [
          'dn: cn=config',
          'changetype: modify',
          'replace: olcTLSCertificateFile',
          'olcTLSCertificateFile: server.crt',
          '-',
          'replace: olcTLSCertificateKeyFile',
          `olcTLSCertificateKeyFile: ${key}`,
          '-',
          'replace: olcTLSCACertificateFile',
          'olcTLSCACertificateFile: ca.crt',
          '-',
          'replace: olcTLSVerifyClient',
          'olcTLSVerifyClient: demand',
          '',
        ].join('\n');
      writeFileSync(join(dir, '01-tls.ldif'), tlsRecord('server.key'));
      // Another CA for the generated certificate: a handshake that trusts only the folder's proves which one serves.
      const server = await serve({
        certificateAuthority: generateCA(),
        bootstrap: { dirs: [dir, folder] },
      });
      expect(server.notices.filter((n) => n.includes('TLS'))).toEqual([]);
      const client = new Client({ url: server.url });
      await client.startTLS({ ca: [folderCA.cert], ...issueClientCertificate(folderCA, 'hermes') });
      await client.bind('EXTERNAL');
      const { value } = await client.exop('1.3.6.1.4.1.4203.1.11.3');
      await client.unbind();
      expect(String(value)).toBe('dn:cn=hermes');
      // A file that is here but not a key is an error naming file:line.
      writeFileSync(join(dir, '01-tls.ldif'), tlsRecord('ca.crt'));
      const error = await serve({ bootstrap: { dirs: [dir, folder] } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BootstrapError);
      expect((error as Error).message).toContain(
        '01-tls.ldif:1: olcTLSCertificateKeyFile ca.crt: not a PEM private key',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a folder that sets only a size limit gets a profile of its own', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ldapmock-bootstrap-limit-'));
    try {
      writeFileSync(
        join(dir, '01-limit.ldif'),
        'dn: cn=config\nchangetype: modify\nreplace: olcSizeLimit\nolcSizeLimit: 7\n',
      );
      const limited = await serve({ bootstrap: { dirs: [dir] } });
      writeFileSync(
        join(dir, '01-limit.ldif'),
        'dn: cn=config\nchangetype: modify\nreplace: olcSizeLimit\nolcSizeLimit: size.soft=9 size.hard=20\n',
      );
      const other = await serve({ bootstrap: { dirs: [dir] } });
      expect([limited.profile.limits.sizeLimit, other.profile.limits.sizeLimit]).toEqual([7, 9]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('olcLimits: a form not emulated is named with file:line, a broken one is an error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ldapmock-bootstrap-limits-'));
    try {
      const record = (value: string) =>
        `dn: olcDatabase={1}mdb,cn=config\nchangetype: modify\nadd: olcLimits\nolcLimits: ${value}\n`;
      writeFileSync(join(dir, '01-limits.ldif'), record('{0}dn.this.exact="dc=example,dc=org" size=1'));
      const server = await serve({ bootstrap: { dirs: [dir] } });
      expect(server.notices).toEqual([
        'ignored: olcLimits in 01-limits.ldif:1: dn.this.exact=dc=example,dc=org: dn.this (the search base) is not emulated',
      ]);
      expect(server.profile.limits.identityLimits).toBeUndefined();
      writeFileSync(join(dir, '01-limits.ldif'), `# broken\n${record('{0}users size=lots')}`);
      const error = await serve({ bootstrap: { dirs: [dir] } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BootstrapError);
      expect((error as Error).message).toContain(
        `${join(dir, '01-limits.ldif')}:2: olcLimits: size=lots: expected a number, unlimited`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a suffix other than the base is named, not dropped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ldapmock-bootstrap-suffix-'));
    try {
      writeFileSync(
        join(dir, '01-db.ldif'),
        'dn: olcDatabase={1}mdb,cn=config\nchangetype: modify\nreplace: olcSuffix\nolcSuffix: dc=elsewhere,dc=org\n',
      );
      const server = await serve({ bootstrap: { dirs: [dir] } });
      expect(server.notices).toEqual([
        'ignored: olcSuffix dc=elsewhere,dc=org in 01-db.ldif:1 (the base is dc=example,dc=org: set LDAP_BASE_DN)',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a broken record is an error naming the file and line: a data record as the loader names it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ldapmock-bootstrap-'));
    try {
      const config = 'dn: cn=config\nchangetype: modify\nreplace: olcSizeLimit\nolcSizeLimit: 9\n';
      const data = 'dn: ou=x,dc=example,dc=org\nobjectClass: organizationalUnit\nou x\n';
      writeFileSync(join(dir, '01-both.ldif'), `${config}\n${data}`);
      const dataError = await startMockServer({ bootstrap: { dirs: [dir] } }).catch((e: unknown) => e);
      expect(dataError).toBeInstanceOf(FixtureError);
      expect((dataError as Error).message).toContain(`${join(dir, '01-both.ldif')}:8:`);
      writeFileSync(join(dir, '01-both.ldif'), `${config.replace('olcSizeLimit: 9', 'olcSizeLimit 9')}\n`);
      const configError = await startMockServer({ bootstrap: { dirs: [dir] } }).catch((e: unknown) => e);
      expect(configError).toBeInstanceOf(BootstrapError);
      expect((configError as Error).message).toContain(`${join(dir, '01-both.ldif')}:4:`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a template nobody set is an error naming the file and line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ldapmock-bootstrap-'));
    try {
      writeFileSync(
        join(dir, '50-data.ldif'),
        'dn: ou=x,{{ LDAP_BASE_DN }}\nobjectClass: organizationalUnit\nou: {{ OU_NAME }}\n',
      );
      const error = await startMockServer({ bootstrap: { dirs: [dir] } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BootstrapError);
      expect((error as Error).message).toBe(
        `bootstrap folder:\n  ${join(dir, '50-data.ldif')}:3: {{ OU_NAME }} is not set (--env OU_NAME=VALUE, or the environment)`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an olcUniqueURI or olcSssVlvMaxKeys slapd refuses is an error naming the file and line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ldapmock-bootstrap-'));
    try {
      const overlay = (n: number, name: string, setting: string) =>
        `dn: olcOverlay={${n}}${name},olcDatabase={1}mdb,cn=config\nchangetype: add\nobjectClass: olcOverlayConfig\nolcOverlay: {${n}}${name}\n${setting}\n`;
      writeFileSync(
        join(dir, '04-overlays.ldif'),
        `${overlay(0, 'unique', 'olcUniqueURI: ldap:///?mail?base')}\n${overlay(1, 'sssvlv', 'olcSssVlvMaxKeys: none')}`,
      );
      const error = await startMockServer({ bootstrap: { dirs: [dir] } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BootstrapError);
      const file = join(dir, '04-overlays.ldif');
      expect((error as Error).message).toBe(
        `bootstrap folder:\n  ${file}:1: olcUniqueURI: a URI with base scope is always unique\n  ${file}:7: olcSssVlvMaxKeys: expected a positive number, got "none"`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
