/**
 * `slapdConf`: a slapd.conf's settings applied as the cn=config of a bootstrap folder are —
 * schema includes, rootdn and rootpw, memberof, ppolicy, sizelimit, timelimit, limits, TLSVerifyClient and
 * authz-regexp (with a continued line) — and every other directive named with its file:line.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
    const ca = generateCA();
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
    await external.startTLS({ ca: [ca.cert], ...issueClientCertificate(ca, 'zoidberg') });
    await external.bind('EXTERNAL');
    const { value } = await external.exop('1.3.6.1.4.1.4203.1.11.3');
    await external.unbind();
    expect(String(value)).toBe(`dn:${ZOIDBERG}`);
    expect(server.notices).toEqual([
      'ignored: pidfile in slapd.conf:7',
      'ignored: modulepath in slapd.conf:8',
      'ignored: directory in slapd.conf:23',
      'ignored: index in slapd.conf:25',
      'ignored: TLSCertificateFile /etc/ssl/ldap/slapd.crt in slapd.conf:14: no such file here; the generated certificate serves',
      'ignored: TLSCertificateKeyFile /etc/ssl/ldap/slapd.key in slapd.conf:15: no such file here; the generated certificate serves',
    ]);
  });

  it('takes overlay sssvlv (sssvlv-maxkeys) and overlay unique (unique_uri) as cn=config does', async () => {
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

  it('takes sizelimit, timelimit and limits; names a limits form not emulated, refuses a broken one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ldapmock-slapdconf-'));
    try {
      writeFileSync(
        join(dir, 'slapd.conf'),
        [
          'sizelimit size.soft=3 size.hard=4',
          'timelimit 30',
          'database mdb',
          'suffix dc=example,dc=com',
          'limits group="cn=auditors,dc=example,dc=com" size.soft=5',
          'limits users size.prtotal=unlimited',
        ].join('\n'),
      );
      const server = await startMockServer({ slapdConf: join(dir, 'slapd.conf'), ldapsPort: null });
      servers.push(server);
      const { sizeLimit, sizeHardLimit, timeLimit, identityLimits } = server.profile.limits;
      expect({ sizeLimit, sizeHardLimit, timeLimit, identityLimits }).toEqual({
        sizeLimit: 3,
        sizeHardLimit: 4,
        timeLimit: { soft: 30, hard: 'soft' },
        identityLimits: [
          {
            who: {
              kind: 'group',
              dn: 'cn=auditors,dc=example,dc=com',
              objectClass: 'groupOfNames',
              attribute: 'member',
            },
            limits: { size: { soft: 5, hard: 5 }, time: { soft: 30, hard: 'soft' } },
          },
        ],
      });
      expect(server.notices).toEqual([
        'ignored: limits in slapd.conf:6: size.prtotal=unlimited: size.prtotal is not emulated',
      ]);
      writeFileSync(join(dir, 'slapd.conf'), 'database mdb\nlimits dn.near=x size=1\n');
      const error = await startMockServer({ slapdConf: join(dir, 'slapd.conf') }).catch((e: unknown) => e);
      expect((error as Error).message).toMatch(
        /^slapd\.conf:\n {2}slapd\.conf:2: limits: dn\.near=x: expected dn\[\.STYLE\]=DN/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
