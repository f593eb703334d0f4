/** Starts the mock with the fixture its real counterpart is loaded with, and names it as a probe target. */
import { ADMINISTRATOR, userDN } from '../../scripts/gen-ad-fixture.js';
import { type MockServer, startMockServer } from '../../src/server/index.js';
import type { ProbeTarget } from './probe.js';
import { DEFAULT_AD_LDIF } from './samba.js';
import { DEFAULT_OPENLDAP_LDIF } from './slapd.js';

export function startOpenldapMock(): Promise<MockServer> {
  // Schema checking is on by default, as slapd always checks.
  return startMockServer({ profile: 'openldap', ldif: [DEFAULT_OPENLDAP_LDIF] });
}

export function startSambaMock(): Promise<MockServer> {
  return startMockServer({ profile: 'samba', ldif: [DEFAULT_AD_LDIF] });
}

/** The openldap mock as a probe target: its rootdn, as slapd's. */
export function mockTarget(server: MockServer): ProbeTarget {
  return { ...targetOf(server), rootDN: server.rootDN, rootPassword: 'admin' };
}

/** The samba mock as a probe target; like Samba, its administrator is the fixture's Administrator entry. */
export function sambaMockTarget(server: MockServer): ProbeTarget {
  return { ...targetOf(server), rootDN: userDN(ADMINISTRATOR), rootPassword: ADMINISTRATOR.password };
}

function targetOf(server: MockServer): Omit<ProbeTarget, 'rootDN' | 'rootPassword'> {
  return {
    name: 'mock',
    url: server.url,
    ldapsUrl: server.ldapsUrl ?? '',
    caCertificate: server.caCertificate,
    baseDN: server.baseDN,
  };
}
