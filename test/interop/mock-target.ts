/** Starts the mock with the openldap profile and the same fixture slapd is loaded with. */
import { type MockServer, startMockServer } from '../../src/server/index.js';
import type { ProbeTarget } from './probe.js';
import { DEFAULT_OPENLDAP_LDIF } from './slapd.js';

export function startOpenldapMock(): Promise<MockServer> {
  // Schema checking is on by default, as slapd always checks.
  return startMockServer({ profile: 'openldap', ldif: [DEFAULT_OPENLDAP_LDIF] });
}

export function mockTarget(server: MockServer): ProbeTarget {
  return {
    name: 'mock',
    url: server.url,
    ldapsUrl: server.ldapsUrl ?? '',
    caCertificate: server.caCertificate,
    baseDN: server.baseDN,
    rootDN: server.rootDN,
    rootPassword: 'admin',
  };
}
