/**
 * The real server and the mock profile that emulates it, started side by side with the same
 * fixture, so a third-party client can be run against both with the same assertions.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMINISTRATOR, userDN } from '../../../scripts/gen-ad-fixture.js';
import { type MockServer, startMockServer } from '../../../src/server/index.js';
import { startOpenldapMock } from '../mock-target.js';
import { DEFAULT_AD_LDIF, startSambaForSuite } from '../samba.js';
import { startSlapdForSuite } from '../slapd.js';

export interface ServerUnderTest {
  /** `slapd`, `mock openldap`, `samba`, `mock samba`. */
  readonly name: string;
  readonly url: string;
  readonly ldapsUrl: string;
  readonly caCertificate: string;
  /** The CA as a file, for clients that read it from disk (python, OpenLDAP's libldap). */
  readonly caFile: string;
  readonly baseDN: string;
  readonly adminDN: string;
  readonly adminPassword: string;
  stop(): Promise<void>;
}

function fromMock(name: string, server: MockServer, adminDN: string, adminPassword: string): ServerUnderTest {
  const caFile = join(mkdtempSync(join(tmpdir(), 'ldapmock-ca-')), 'ca.pem');
  writeFileSync(caFile, server.caCertificate);
  return {
    name,
    url: server.url,
    ldapsUrl: server.ldapsUrl ?? '',
    caCertificate: server.caCertificate,
    caFile,
    baseDN: server.baseDN,
    adminDN,
    adminPassword,
    stop: () => server.stop(),
  };
}

/** Real slapd and the mock's openldap profile, both on fixtures/openldap/default.ldif. */
export async function openldapServers(suite: string): Promise<ServerUnderTest[]> {
  const [slapd, mock] = await Promise.all([startSlapdForSuite(suite), startOpenldapMock()]);
  return [
    { name: 'slapd', ...slapd, adminDN: slapd.rootDN, adminPassword: slapd.rootPassword },
    fromMock('mock openldap', mock, mock.rootDN, 'admin'),
  ];
}

/** A real Samba AD DC and the mock's samba profile, both on fixtures/ad/default.ldif. */
export async function sambaServers(suite: string): Promise<ServerUnderTest[]> {
  const [samba, mock] = await Promise.all([
    startSambaForSuite(suite),
    startMockServer({ profile: 'samba', ldif: [DEFAULT_AD_LDIF] }),
  ]);
  const admin = userDN(ADMINISTRATOR);
  return [
    { name: 'samba', ...samba, adminDN: admin, adminPassword: ADMINISTRATOR.password },
    fromMock('mock samba', mock, admin, ADMINISTRATOR.password),
  ];
}
