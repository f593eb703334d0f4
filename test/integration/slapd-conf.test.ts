/**
 * `slapdConf`: a slapd.conf's settings applied as the cn=config of a bootstrap folder are —
 * schema includes, rootdn and rootpw, memberof, ppolicy, sizelimit, TLSVerifyClient and
 * authz-regexp (with a continued line) — and every other directive named with its file:line.
 */
import { Attribute, Change, Client } from 'ldapts';
import { afterAll, describe, expect, it } from 'vitest';
import { BootstrapError, type MockServer, startMockServer } from '../../src/server/index.js';
import { generateCA, issueClientCertificate } from '../../src/server/tls/certificates.js';

const conf = new URL('../fixtures/slapd-conf/slapd.conf', import.meta.url).pathname;
const data = new URL('../fixtures/slapd-conf/data.ldif', import.meta.url).pathname;
const ZOIDBERG = 'uid=zoidberg,ou=people,dc=example,dc=com';
const servers: MockServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

describe('a slapd.conf', () => {
  it('configures the server: rootdn/rootpw, its schema, memberof, ppolicy, sizelimit, client certificates', async () => {
    const ca = await generateCA();
    const server = await startMockServer({
      slapdConf: conf,
      ldif: [data],
      certificateAuthority: ca,
      ldapsPort: null,
    });
    servers.push(server);
    expect(server.rootDN).toBe('cn=Manager,dc=example,dc=com');
    expect(server.profile.limits.sizeLimit).toBe(50);
    const manager = new Client({ url: server.url });
    await manager.bind('cn=Manager,dc=example,dc=com', 'secret');
    const { searchEntries } = await manager.search('dc=example,dc=com', {
      filter: '(&(appRole=doctor)(memberOf=cn=staff,dc=example,dc=com))',
      attributes: ['uid'],
    });
    await manager.unbind();
    expect(searchEntries.map((e) => e['uid'])).toEqual(['zoidberg']);
    const self = new Client({ url: server.url });
    await self.bind(ZOIDBERG, 'zoidberg');
    const short = await self
      .modify(ZOIDBERG, [
        new Change({
          operation: 'replace',
          modification: new Attribute({ type: 'userPassword', values: ['short-pw'] }),
        }),
      ])
      .then(
        () => 'accepted',
        (error: { code: number }) => error.code,
      );
    await self.unbind();
    expect(short).toBe(19);
    const external = new Client({ url: server.url });
    await external.startTLS({ ca: [ca.cert], ...(await issueClientCertificate(ca, 'zoidberg')) });
    await external.bind('EXTERNAL');
    const { value } = await external.exop('1.3.6.1.4.1.4203.1.11.3');
    await external.unbind();
    expect(String(value)).toBe(`dn:${ZOIDBERG}`);
    expect(server.notices).toEqual([
      'ignored: pidfile in slapd.conf:7',
      'ignored: modulepath in slapd.conf:8',
      'ignored: directory in slapd.conf:21',
      'ignored: index in slapd.conf:23',
    ]);
  });

  it('takes overlay sssvlv (sssvlv-maxkeys) and overlay unique (unique_uri) as cn=config does', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'ldapmock-slapdconf-'));
    try {
      writeFileSync(
        join(dir, 'slapd.conf'),
        'database mdb\nsuffix dc=example,dc=com\noverlay sssvlv\nsssvlv-maxkeys 2\nsssvlv-max 4\noverlay unique\nunique_uri ignore ldap:///?cn,sn\n',
      );
      const server = await startMockServer({ slapdConf: join(dir, 'slapd.conf'), ldapsPort: null });
      servers.push(server);
      expect(server.profile.sortedViews).toEqual({ maxKeys: 2 });
      expect(server.profile.unique).toEqual([
        { strict: false, ignore: true, uris: [{ scope: 'sub', attributes: ['cn', 'sn'] }] },
      ]);
      expect(server.notices).toEqual(['ignored: sssvlv-max in slapd.conf:5']);
      writeFileSync(join(dir, 'slapd.conf'), 'database mdb\nunique_uri ldap:///?mail?sub\n');
      const error = await startMockServer({ slapdConf: join(dir, 'slapd.conf') }).catch((e: unknown) => e);
      expect((error as Error).message).toBe(
        'slapd.conf:\n  slapd.conf:2: unique_uri: not after overlay unique',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an include that does not exist, or a bad TLSVerifyClient, is an error naming file:line', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'ldapmock-slapdconf-'));
    try {
      writeFileSync(join(dir, 'slapd.conf'), 'include ./missing.schema\nTLSVerifyClient sometimes\n');
      const error = await startMockServer({ slapdConf: join(dir, 'slapd.conf') }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BootstrapError);
      expect((error as Error).message).toBe(
        'slapd.conf:\n  slapd.conf:1: include ./missing.schema: no such file\n  slapd.conf:2: TLSVerifyClient sometimes: expected never, allow, try or demand',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
